package io.keycloakpack.revocation.client.view;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads every revocation of a realm from its Redis keys into fresh tables: SCAN page by page, one pipelined round
 * trip per page carrying the TTLs of the page's keys, the values of its not-before keys and the SCAN for the next
 * page. A revoked token id needs no value: its key names it, its TTL says until when.
 */
final class RevocationLoader {

    private static final int SCAN_PAGE = 1000;

    private final UnifiedJedis redis;
    private final ScanParams params;
    private final Function<String, Optional<RevocationSchema.KeyName>> keyParser;

    RevocationLoader(UnifiedJedis redis, String realm) {
        this.redis = redis;
        this.params = new ScanParams().match(RevocationSchema.realmPrefix(realm) + "*").count(SCAN_PAGE);
        this.keyParser = RevocationSchema.keyParser(realm);
    }

    /** @param now epoch seconds; {@code pageRead} runs after every page Redis answered (the feed hears from it) */
    Map<Kind, RevocationTable> load(long now, Runnable pageRead) {
        Map<Kind, RevocationTable> loaded = RevocationView.emptyTables();
        ScanResult<String> page = redis.scan(ScanParams.SCAN_POINTER_START, params);
        while (page != null) {
            page = loadPage(page, now, loaded);
            pageRead.run();
        }
        return loaded;
    }

    /** Loads one page's keys; returns the next page, or null after the last. */
    private ScanResult<String> loadPage(ScanResult<String> page, long now, Map<Kind, RevocationTable> loaded) {
        List<String> keys = page.getResult();
        List<RevocationSchema.KeyName> names = new ArrayList<>(keys.size());
        List<Response<String>> values = new ArrayList<>(keys.size());
        List<Response<Long>> ttls = new ArrayList<>(keys.size());
        Response<ScanResult<String>> next = null;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                Optional<RevocationSchema.KeyName> name = keyParser.apply(key);
                if (name.isPresent()) {
                    names.add(name.get());
                    values.add(name.get().kind() == Kind.TOKEN ? null : pipeline.get(key));
                    ttls.add(pipeline.ttl(key));
                }
            }
            if (!ScanParams.SCAN_POINTER_START.equals(page.getCursor())) {
                next = pipeline.scan(page.getCursor(), params);
            }
            pipeline.sync();
        }
        for (int i = 0; i < names.size(); i++) {
            long ttl = ttls.get(i).get();
            String value = values.get(i) == null ? "0" : values.get(i).get();
            if (ttl > 0 && value != null) {
                RevocationSchema.KeyName name = names.get(i);
                loaded.get(name.kind()).put(RevocationView.idOrRealm(name.id()), Long.parseLong(value), now + ttl);
            }
        }
        return next == null ? null : next.get();
    }
}
