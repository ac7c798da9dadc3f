#!/usr/bin/env bash
# Calls the service's custom domain in a loop and prints which region answers.
# Leave it running while you fail over from the portal: the region changes
# after the record TTL / health-check interval (typically one or two minutes).
#   ./smoke-test.sh [count] [interval-seconds]
set -euo pipefail
{# single-quoted, so the shell expands nothing in it; a ' is written '\'' -#}
url='https://${{ values.dnsName | replace("'", "'\\''") }}/'
count="${1:-120}"
interval="${2:-5}"
for i in $(seq 1 "$count"); do
  body="$(curl --silent --show-error --max-time 5 "$url" || echo '{"region":"(no answer)"}')"
  region="$(printf '%s' "$body" | sed -n 's/.*"region":"\([^"]*\)".*/\1/p')"
  printf '%s  #%s  %s\n' "$(date -u +%H:%M:%S)" "$i" "${region:-unexpected answer: $body}"
  sleep "$interval"
done
