# The password policy of a DescribeUserPool answer, as config.json's passwordPolicy
# (used by scripts/local-aws.sh and scripts/deploy.sh).
.UserPool.Policies.PasswordPolicy
| {minimumLength: .MinimumLength, requireUppercase: .RequireUppercase, requireLowercase: .RequireLowercase,
   requireNumbers: .RequireNumbers, requireSymbols: .RequireSymbols}
