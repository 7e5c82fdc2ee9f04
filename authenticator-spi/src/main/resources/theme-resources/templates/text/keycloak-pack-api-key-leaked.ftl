<#ftl output_format="plainText">
${msg("keycloakPackApiKeyLeakedBody", keyName, keyId, foundAt)}
