-- wrk script for bench/site_bench.py: post a valid comment form with a new body every time.
--
--   wrk ... http://127.0.0.1:PORT/essays/SLUG/comments/ -- FORM COOKIE NONCE
--
-- FORM is the url-encoded form without its body field (signed timestamp, name, email),
-- COOKIE the Cookie header the essay page set (none: the form has no CSRF token), NONCE a
-- word unique to the run. The site
-- refuses a body the same email already posted, hence the counter in every body. A valid post
-- is answered with a 302 to the comment; anything else counts as an error ("non-3xx").

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  form, cookie, nonce = args[1], args[2], args[3]
  counter = 0
  not_redirects = 0
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }
end

function request()
  counter = counter + 1
  local body = string.format("%s&body=Benchmark+comment+%s-%d-%d", form, nonce, id, counter)
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status < 300 or status > 399 then
    not_redirects = not_redirects + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("not_redirects")
  end
  io.write(string.format("non-3xx responses: %d\n", total))
end
