"""The web version of Young Person A's report: invented, marked as a sample, in the report's blocks."""


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _text(html):
    return {"type": "text", "value": html}


def _numbered(kind, number, html):
    return {"type": "numbered", "value": {"kind": kind, "number": number, "text": html}}


YOUNG_PERSON_A = [
    _text(
        "<p><b>This is a sample report written for demonstration.</b> Young Person A, their family "
        "and every event below are fictional; no real review is described.</p>"
    ),
    _heading("Introduction"),
    _text(
        "<p>This review was commissioned by the three safeguarding partners after Young Person A, "
        "aged 15, was seriously harmed by adults who had been exploiting them. It asks how the "
        "services that knew Young Person A worked together, and what would help practitioners "
        'recognise exploitation outside the home sooner.<sup><a href="#footnote-1">[1]</a></sup></p>'
        "<p>The review covers the eighteen months before the incident. The young person and their "
        "mother took part, and so did practitioners from every agency involved.</p>"
    ),
    _heading("Young Person A and their family"),
    _text(
        "<p>Young Person A lived with their mother and two younger siblings. Their mother describes "
        "them as funny, loyal and protective of their brothers. They enjoyed football and music, "
        "and wanted to become a mechanic.</p>"
    ),
    _heading("What happened"),
    _heading("Leaving school early", "h3"),
    _text(
        "<p>In Year 10 Young Person A's attendance fell from 92% to under 50% over one term. The "
        "school recorded the absences and sent letters home, but the reasons were not explored "
        "with the young person.</p>"
    ),
    _heading("Going missing", "h3"),
    _text(
        "<p>Young Person A was reported missing six times in four months. Each return interview "
        "was offered, but only two took place, and they were held by different workers.</p>"
        "<ul><li>Each episode was treated on its own.</li>"
        "<li>The older adults seen with the young person were not identified.</li>"
        "<li>New clothes and a second phone were noticed but not asked about.</li></ul>"
    ),
    {
        "type": "table",
        "value": {
            "data": [
                ["Agency", "Contacts in the period", "Shared with others"],
                ["School", "31", "4"],
                ["Police", "9", "6"],
                ["Children's social care", "12", "8"],
                ["Youth service", "15", "1"],
            ],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Contacts with Young Person A, by agency (sample figures)",
        },
    },
    _heading("Findings"),
    _numbered(
        "finding",
        1,
        "<p>Every agency held part of the picture; no one put it together until after the harm.</p>",
    ),
    _numbered(
        "finding",
        2,
        "<p>Plans focused on Young Person A's behaviour rather than on the adults who posed a risk.</p>",
    ),
    _numbered(
        "finding",
        3,
        "<p>The young person spoke most freely to the one worker who stayed with them throughout.</p>",
    ),
    _heading("Recommendations"),
    _numbered(
        "recommendation",
        1,
        "<p>The partnership should agree one route for sharing worries about exploitation, used by "
        "every agency, however small the piece of information.</p>",
    ),
    _numbered(
        "recommendation",
        2,
        "<p>Return interviews after a young person goes missing should be held by the same worker "
        "each time wherever possible.</p>",
    ),
    _numbered(
        "recommendation",
        3,
        "<p>Schools should ask about the reasons for a sharp fall in attendance, not only record it.</p>",
    ),
    _numbered(
        "recommendation",
        4,
        "<p>Plans for young people at risk outside the home should name the adults who pose the "
        "risk and what each agency will do about them.</p>",
    ),
    {
        "type": "footnotes",
        "value": [
            "<p>Working Together to Safeguard Children sets out how local reviews are commissioned "
            "and published.</p>"
        ],
    },
]

WEB_REPORTS = {"young-person-a": YOUNG_PERSON_A}
