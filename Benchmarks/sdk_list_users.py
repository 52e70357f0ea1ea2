"""Lists every user with the official Looker Python SDK, the way a script would: search_users
paged with limit/offset, sorted by id, until a short page. Configured by LOOKERSDK_* variables.

    python sdk_list_users.py [PAGE_SIZE]

Prints the number of users on stdout.
"""
import sys

import looker_sdk


def main() -> None:
    page_size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sdk = looker_sdk.init40(config_file="")
    offset = 0
    total = 0
    while True:
        page = sdk.search_users(limit=page_size, offset=offset, sorts="id")
        total += len(page)
        offset += len(page)
        if len(page) < page_size:
            break
    print(total)


if __name__ == "__main__":
    main()
