#!/usr/bin/env python3
"""Mutation check of the refresh policy's tests (a check by hand, not part of the
test command): breaks each branch of src/session/policy.rs in turn, runs
`cargo test --lib session::policy`, and prints which tests caught it. Every line
must say FAILS; NOT CAUGHT means a branch no test pins down.

    python3 scripts/mutate-policy.py
"""
import subprocess, shutil
import os
root=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p=os.path.join(root,'src/session/policy.rs')
orig=open(p).read()
muts=[
 ("signed out before", "                return D::SignedOutElsewhere;\n            };", "                return D::Refresh;\n            };"),
 ("renewed elsewhere used", "if fresh_from_elsewhere || stored", "if stored"),
 ("renewed but due", "renewed_elsewhere && !stored.needs_refresh(now, margin)", "renewed_elsewhere"),
 ("no refresh token", "if fresh_from_elsewhere || stored.refresh_token.is_none()", "if fresh_from_elsewhere"),
 ("unchanged refreshed", "            } else {\n                D::Refresh\n            }", "            } else {\n                D::UseStored\n            }"),
 ("keep tried", "                return D::KeepTried;", "                return D::Fail;"),
 ("refused ignored", "failure == RefreshFailure::Transient && !refused && tried.is_valid(now)", "failure == RefreshFailure::Transient && tried.is_valid(now)"),
 ("validity ignored", "failure == RefreshFailure::Transient && !refused && tried.is_valid(now)", "failure == RefreshFailure::Transient && !refused"),
 ("transient ignored", "failure == RefreshFailure::Transient && !refused && tried.is_valid(now)", "!refused && tried.is_valid(now)"),
 ("signed out during", "                None => D::SignedOutElsewhere,", "                None => D::Fail,"),
 ("rotated", "Some(s) if s.refresh_token != tried.refresh_token => D::UseStored,", "Some(s) if s.refresh_token != tried.refresh_token => D::Fail,"),
 ("fail", "                Some(_) => D::Fail,", "                Some(_) => D::UseStored,"),
]
try:
  for name, a, b in muts:
    assert orig.count(a)==1, name
    open(p,'w').write(orig.replace(a,b))
    r=subprocess.run(['cargo','test','--lib','session::policy'],cwd=root,capture_output=True,text=True)
    failed=[l.split()[1] for l in r.stdout.splitlines() if l.startswith('test ') and l.endswith('FAILED')]
    print(f"{name}: {'FAILS ' + ', '.join(failed) if failed else 'NOT CAUGHT'}", flush=True)
finally:
  open(p,'w').write(orig)
