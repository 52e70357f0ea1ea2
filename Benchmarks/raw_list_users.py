"""The floor for listing users: the same limit/offset paging over one keep-alive connection, the
answers read as bytes and never parsed. Configured by LOOKERSDK_* variables.

    python raw_list_users.py PATH [PAGE_SIZE]      (PATH: /users or /users/search)

Prints the number of bytes read on stdout.
"""
import http.client
import os
import sys
import urllib.parse


def main() -> None:
    path = sys.argv[1]
    page_size = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    base = urllib.parse.urlsplit(os.environ["LOOKERSDK_BASE_URL"])
    conn = http.client.HTTPConnection(base.hostname, base.port)
    form = urllib.parse.urlencode({"client_id": os.environ["LOOKERSDK_CLIENT_ID"],
                                   "client_secret": os.environ["LOOKERSDK_CLIENT_SECRET"]})
    conn.request("POST", "/api/4.0/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    token = __import__("json").loads(conn.getresponse().read())["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    offset = 0
    total = 0
    while True:
        conn.request("GET", f"/api/4.0{path}?limit={page_size}&offset={offset}&sorts=id", headers=headers)
        body = conn.getresponse().read()
        total += len(body)
        # A page shorter than page_size ends the listing; count the objects cheaply.
        count = body.count(b'"avatar_url":')
        offset += count
        if count < page_size:
            break
    print(total)


if __name__ == "__main__":
    main()
