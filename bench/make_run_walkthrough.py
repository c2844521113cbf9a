"""Against a running `make run`: a 40-page report uploaded through the admin is checked by the
worker and publishable, and a takedown date in the past applies within the scheduler's interval.

    make run PORT=8765                      # in a fresh clone, in one terminal
    DJANGO_SUPERUSER_PASSWORD=… .venv/bin/python manage.py createsuperuser --noinput \
        --username e2e --email e2e@example.org
    .venv/bin/python bench/make_run_walkthrough.py "$DJANGO_SUPERUSER_PASSWORD" [db.sqlite3]

Nothing else is run by hand: the upload, the wait for the background check, the publication and
the takedown all go through the admin, the worker and the scheduler `make run` started. It reads
the SQLite file only to see the results, and writes it once, to backdate a review past its year
and give it a takedown date a minute ago (what an administrator would have set a year earlier).
"""

import datetime
import io
import re
import sqlite3
import sys
import time

import requests
from reportlab.pdfgen import canvas

BASE = "http://127.0.0.1:8765"
DB = sys.argv[2] if len(sys.argv) > 2 else "db.sqlite3"
s = requests.Session()
# The summary as the rich-text editor posts it (Draft.js content state).
SUMMARY = (
    '{"blocks":[{"key":"a","type":"unstyled","text":"Summary.","depth":0,'
    '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
)


def csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


r = s.get(f"{BASE}/admin/login/")
r = s.post(
    f"{BASE}/admin/login/",
    data={"csrfmiddlewaretoken": csrf(r.text), "username": "e2e", "password": sys.argv[1], "next": "/admin/"},
    headers={"Referer": f"{BASE}/admin/login/"},
)
assert "Sign out" in r.text or "Log out" in r.text or r.url.endswith("/admin/"), r.url

buf = io.BytesIO()
c = canvas.Canvas(buf)
for n in range(1, 41):
    c.drawString(
        72, 720, f"Page {n} of a forty page practice review report. What happened and what was learned."
    )
    c.showPage()
c.save()
r = s.get(f"{BASE}/admin/documents/add/")
collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', r.text)
data = {"csrfmiddlewaretoken": csrf(r.text), "title": "Forty page report", "tags": ""}
if collection:
    data["collection"] = collection.group(1)
t0 = time.time()
r = s.post(
    f"{BASE}/admin/documents/add/",
    data=data,
    files={"file": ("forty.pdf", buf.getvalue(), "application/pdf")},
    headers={"Referer": f"{BASE}/admin/documents/add/"},
)
print("upload", r.status_code, r.url)
db = sqlite3.connect(DB)
doc_id = db.execute("select id from wagtaildocs_document where title='Forty page report'").fetchone()[0]
while True:
    status = db.execute(
        "select status, page_count from reviews_disclosurecheck where document_id=?", [doc_id]
    ).fetchone()
    if status and status[0] != "checking":
        break
    assert time.time() - t0 < 300, status
    time.sleep(2)
print(f"disclosure check: {status} after {time.time() - t0:.0f} s, nothing run by hand")

# Publishable: an SCR added through the admin with this report and "Publish".
index_id = db.execute("select page_ptr_id from reviews_reviewindexpage").fetchone()[0]
add = f"{BASE}/admin/pages/add/reviews/scrpage/{index_id}/"
r = s.get(add)
form = {
    "csrfmiddlewaretoken": csrf(r.text),
    "title": "Child Forty",
    "slug": "child-forty",
    "publication_date": "2016-05-01",
    "summary": SUMMARY,
    "report": str(doc_id),
    "report_body-count": "0",
    "action-publish": "action-publish",
}
r = s.post(add, data=form, headers={"Referer": add}, allow_redirects=False)
print("publish", r.status_code)
live = db.execute("select live from wagtailcore_page where slug='child-forty'").fetchone()
print("live:", live)
page = requests.get(f"{BASE}/child-safeguarding-practice-reviews/child-forty/")
print("public page", page.status_code)

# A takedown date in the past on a review whose year is over.
pid = db.execute("select id from wagtailcore_page where title='Child WR'").fetchone()[0]
past = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
two_years = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=730)).strftime("%Y-%m-%d %H:%M:%S")
db.execute("update reviews_scrpage set live_since=? where page_ptr_id=?", [two_years, pid])
db.execute("update wagtailcore_page set expire_at=? where id=?", [past, pid])
db.commit()
t1 = time.time()
while db.execute("select live from wagtailcore_page where id=?", [pid]).fetchone()[0]:
    assert time.time() - t1 < 200, "not taken down"
    time.sleep(2)
url = db.execute("select url_path from wagtailcore_page where id=?", [pid]).fetchone()[0]
print(
    f"takedown applied after {time.time() - t1:.0f} s; public answer:",
    requests.get(BASE + "/" + url.split("/", 2)[2]).status_code,
)
