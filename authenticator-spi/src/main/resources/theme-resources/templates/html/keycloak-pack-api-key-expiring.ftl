<html>
<body>
<p>${kcSanitize(msg("keycloakPackApiKeyExpiringBodyHtml", keyName, keyId, expiresOn))?no_esc}</p>
</body>
</html>
