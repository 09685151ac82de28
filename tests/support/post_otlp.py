"""Sends each line of an OTLP/JSON file (one ExportTraceServiceRequest per line) to a collector's
POST /v1/traces over one keep-alive connection, with a bearer token, as an exporter would.
Exits non-zero, saying why, on the first answer that is not 200.
Usage: post_otlp.py URL TOKEN FILE"""
import http.client
import sys
import urllib.parse

url = urllib.parse.urlparse(sys.argv[1])
connection = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + sys.argv[2]}
with open(sys.argv[3], "rb") as lines:
    for line in lines:
        connection.request("POST", "/v1/traces", body=line, headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            sys.exit(f"{answer.status}: {body[:200]!r}")
