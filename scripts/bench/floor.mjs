// The floor: a bare node process that sends one HTTPS POST to the token endpoint and reads the answer.
const { TOKEN_URL, CLIENT_ID, CLIENT_SECRET, SCOPE } = process.env;
const response = await fetch(TOKEN_URL, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    scope: SCOPE,
  }),
});
const answer = await response.json();
if (!answer.access_token) process.exitCode = 1;
