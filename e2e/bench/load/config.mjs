// The pools and bucket every page of the load benchmark is configured with
// (no request reaches them: the benchmark stops at an interactive sign-in form).
export const CONFIG = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Example',
  clientId: 'abcdefghij1234567890abcdef',
  identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
  bucket: 'demo-bucket',
};
