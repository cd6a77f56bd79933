#!/usr/bin/env bash
# The guide's "Try it": a session against `make run`, in parts the guide shows one at a time.
# Run it whole (bash docs/try-it/session.sh) or paste it a block at a time into bash.
# B is the server's URL: make run's, unless you say otherwise (B=http://127.0.0.1:8094 bash ...).
# A scenario runs this very file (features/intro/try-it.feature) and the guide shows what it printed.

# part: sign-in
B=${B:-http://localhost:8080}

OTP=$(curl -s -X POST $B/otp -H 'Content-Type: application/json' -d '{"phone": "+6590000100"}')
echo "$OTP" | jq .

curl -s "$B/_local/sms?phone=%2B6590000100" | jq -r 'last(.[].message)'

CODE=$(curl -s "$B/_local/sms?phone=%2B6590000100" \
  | jq -r 'last(.[].message) | match("[0-9]{6}").string')
SIGNED_IN=$(curl -s -X POST $B/otp/verify -H 'Content-Type: application/json' \
  -d "$(echo "$OTP" | jq --arg code "$CODE" '{phone, otpId, code: $code}')")
echo "$SIGNED_IN" | jq .
TOKEN=$(echo "$SIGNED_IN" | jq -r .token)

# part: register
REGISTERED=$(curl -si -X POST $B/orgs -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $TOKEN" \
  -d '{"name": "Acme Pte Ltd", "location": {"city": "Singapore", "country": "SG"},
       "contactPhone": "+6591234567"}')
echo "$REGISTERED"
ID=$(echo "$REGISTERED" | tail -1 | jq -r .id)

# part: contact-code
# The event handler texts the code a moment after the org registered: ask until it is there.
until curl -s "$B/_local/sms?phone=%2B6591234567" | jq -e 'length > 0' >/dev/null
do sleep 0.2; done
curl -s "$B/_local/sms?phone=%2B6591234567" | jq -r 'last(.[].message)'

CONTACT_CODE=$(curl -s "$B/_local/sms?phone=%2B6591234567" \
  | jq -r 'last(.[].message) | match("[0-9]{6}").string')

# part: view
# The projection writes the view a moment after the event was stored: ask until it is there.
until [ "$(curl -s -o /dev/null -w '%{http_code}' $B/orgs/$ID)" = 200 ]; do sleep 0.2; done
curl -si $B/orgs/$ID; echo

curl -si $B/orgs/$ID -H 'If-None-Match: "1"'

# part: verify-contact
curl -si -X POST $B/orgs/$ID/contact/verify -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $TOKEN" -d "{\"code\": \"$CONTACT_CODE\"}"; echo

# part: views-again
until curl -s $B/orgs/$ID | jq -e .contactVerified >/dev/null; do sleep 0.2; done
curl -s $B/orgs/$ID | jq .

curl -s $B/otp/$(echo "$OTP" | jq -r .otpId) | jq .

# part: update
PROFILE='{"name": "Acme Holdings", "location": {"city": "Singapore", "country": "SG"},
  "contactPhone": "+6591234567"}'
curl -si -X PUT $B/orgs/$ID -H 'Content-Type: application/json' -H 'If-Match: "2"' \
  -H "Authorization: Bearer $TOKEN" -d "$PROFILE"; echo

curl -si -X PUT $B/orgs/$ID -H 'Content-Type: application/json' -H 'If-Match: "2"' \
  -H "Authorization: Bearer $TOKEN" -d "$PROFILE"; echo

# part: bad-request
curl -si -X POST $B/orgs -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d '{"name": "", "location": {"city": "Singapore", "country": "XX"}}'; echo

# part: further
for i in 1 2 3 4; do
  curl -si -X POST $B/otp -H 'Content-Type: application/json' -d '{"phone": "+6591234568"}' \
    | grep -iE '^(HTTP|Retry-After)'
done
