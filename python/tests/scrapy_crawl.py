"""A real Scrapy crawl through rnet.scrapy, run by test_scrapy.py in a process of its own (a
Twisted reactor is installed once per process). argv: the fixture's http and https base URLs,
a tag for the flaky endpoint, and the JSON file to write the pages, items and stats to."""

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess

import rnet

HTTP, HTTPS, TAG, PROXY, OUT = sys.argv[1:6]


class Site(scrapy.Spider):
    name = "site"

    async def start(self):
        yield scrapy.Request(f"{HTTP}/site/index")
        yield scrapy.Request(f"{HTTPS}/fingerprint", callback=self.fingerprint, dont_filter=True)
        # 503 twice, then 200: Scrapy's retry middleware (RETRY_TIMES = 2) gets it.
        yield scrapy.Request(f"{HTTP}/flaky/{TAG}/2/503", callback=self.flaky)
        yield scrapy.Request(
            f"{HTTP}/headers", callback=self.navigate, meta={"rnet_mode": rnet.RequestMode.Fetch}
        )
        yield scrapy.Request(
            f"{HTTP}/headers?firefox", callback=self.firefox, meta={"rnet_emulation": "Firefox151"}
        )
        yield scrapy.Request(f"{HTTP}/get?proxied", callback=self.proxied, meta={"proxy": PROXY})
        # DOWNLOAD_TIMEOUT per request: a timeout the retry middleware retries, then gives up on.
        yield scrapy.Request(
            f"{HTTP}/delay/5", meta={"download_timeout": 0.3}, errback=self.timed_out, dont_filter=True
        )

    def parse(self, response):
        yield {
            "page": response.css("title::text").get(),
            "url": response.url,
            "cookie": response.css("#cookie::text").get(),
            "flags": response.flags,
        }
        yield from response.follow_all(css="a")

    def fingerprint(self, response):
        yield {"fingerprint": response.json(), "protocol": response.protocol}

    def flaky(self, response):
        yield {"flaky": response.status}

    def navigate(self, response):
        yield {"fetch_headers": response.json()["headers"]}

    def firefox(self, response):
        yield {"firefox_headers": response.json()["headers"]}

    def proxied(self, response):
        yield {"proxied": response.status}

    def timed_out(self, failure):
        yield {"timeout": failure.type.__name__}


class Collect:
    items = []

    def process_item(self, item, spider=None):
        Collect.items.append(item)
        return item


settings = {
    "DOWNLOAD_HANDLERS": {"http": "rnet.scrapy.DownloadHandler", "https": "rnet.scrapy.DownloadHandler"},
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "RNET_CLIENT": {"emulation": "Chrome149", "tls_verify": False},
    "ITEM_PIPELINES": {"__main__.Collect": 100},
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [503],
    "CONCURRENT_REQUESTS": 4,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
}
process = CrawlerProcess(settings)
crawler = process.create_crawler(Site)
process.crawl(crawler)
process.start()
with open(OUT, "w") as f:
    json.dump({"items": Collect.items, "stats": crawler.stats.get_stats()}, f, default=str)
