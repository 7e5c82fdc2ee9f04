<html>
<body>
<p>${kcSanitize(msg("keycloakPackApiKeyLeakedBodyHtml", keyName, keyId, foundAt))?no_esc}</p>
</body>
</html>
