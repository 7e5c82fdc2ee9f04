package io.keycloakpack.example.api;

import io.keycloakpack.spring.boot.authorities.ApiKeyAuthority;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reactive return types so that the same controller serves on either stack (reactive method security needs them;
 * the servlet stack takes them too).
 */
@RestController
public class DocumentsController {

    @GetMapping("/whoami")
    public Mono<Map<String, Object>> whoami(Principal principal) {
        Authentication authentication = (Authentication) principal;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", authentication.getName());
        answer.put("apiKeyId", ApiKeyAuthority.of(authentication).map(ApiKeyAuthority::keyId).orElse(null));
        answer.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .sorted().toList());
        return Mono.just(answer);
    }

    @GetMapping("/documents")
    @PreAuthorize("hasAuthority('documents:read')")
    public Mono<List<String>> documents() {
        return Mono.just(List.of("q3-report", "roadmap"));
    }

    @PostMapping("/documents")
    @PreAuthorize("hasAuthority('documents:write')")
    public Mono<Map<String, String>> writeDocument() {
        return Mono.just(Map.of("written", "draft"));
    }
}
