"""
The reference OAI-PMH server for `npm run bench:oai -- --against pyoai`: pyoai's BatchingServer
under waitress (one process, one thread), serving from memory the records of a JSON-lines file
exported from our own provider (identifier, datestamp, setSpecs, Dublin Core elements), in the
same order, a page of `page_size` records per answer.

    python server.py RECORDS.jsonl PORT PAGE_SIZE
"""
import cgi
import json
import sys
import urllib.parse
from datetime import datetime

# pyoai 2.5 reads resumption tokens with cgi.parse_qs, which Python 3.8 removed.
cgi.parse_qs = urllib.parse.parse_qs

from oaipmh import common, error, metadata, server  # noqa: E402
from waitress import create_server  # noqa: E402


def parse_datestamp(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


class InMemoryRepository:
    """pyoai's IBatchingOAI over a list kept in memory."""

    def __init__(self, records, base_url):
        self.records = records
        self.base_url = base_url

    def identify(self):
        earliest = self.records[0][0].datestamp() if self.records else datetime(2025, 1, 1)
        return common.Identify(
            repositoryName="pyoai (benchmark reference)",
            baseURL=self.base_url,
            protocolVersion="2.0",
            adminEmails=["bench@example.edu.vn"],
            earliestDatestamp=earliest,
            deletedRecord="persistent",
            granularity="YYYY-MM-DDThh:mm:ssZ",
            compression=["identity"],
        )

    def listMetadataFormats(self, identifier=None):
        return [
            (
                "oai_dc",
                "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                "http://www.openarchives.org/OAI/2.0/oai_dc/",
            )
        ]

    def listSets(self, cursor=0, batch_size=10):
        raise error.NoSetHierarchyError()

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        return self.records[cursor : cursor + batch_size]

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        return [header for header, _, _ in self.records[cursor : cursor + batch_size]]

    def getRecord(self, metadataPrefix, identifier):
        for record in self.records:
            if record[0].identifier() == identifier:
                return record
        raise error.IdDoesNotExistError(identifier)


def load(path):
    records = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            header = common.Header(None, r["identifier"], parse_datestamp(r["datestamp"]), r["sets"], False)
            records.append((header, common.Metadata(None, r["dc"]), None))
    return records


def main():
    path, port, page_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    registry = metadata.MetadataRegistry()
    registry.registerWriter("oai_dc", server.oai_dc_writer)
    base_url = "http://127.0.0.1:%d/oai" % port
    oai = server.BatchingServer(
        InMemoryRepository(load(path), base_url), metadata_registry=registry, resumption_batch_size=page_size
    )

    def app(environ, start_response):
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        body = oai.handleRequest({key: values[0] for key, values in query.items()})
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]

    listening = create_server(app, host="127.0.0.1", port=port, threads=1)
    print("pyoai listening", flush=True)
    listening.run()


if __name__ == "__main__":
    main()
