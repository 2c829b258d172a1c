// What users write by hand: @azure/identity's ClientSecretCredential, as its documentation shows it. Instance
// discovery is off because it asks login.microsoftonline.com about any other authority host, the emulator included.
import { ClientSecretCredential } from '@azure/identity';

const { TENANT_ID, CLIENT_ID, CLIENT_SECRET, AUTHORITY_HOST, SCOPE } = process.env;
const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, {
  authorityHost: AUTHORITY_HOST,
  disableInstanceDiscovery: true,
});
const token = await credential.getToken(SCOPE);
if (!token.token) process.exitCode = 1;
