<#ftl output_format="plainText">
${msg("keycloakPackApiKeyExpiringBody", keyName, keyId, expiresOn)}
