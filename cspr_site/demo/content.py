"""Invented demonstration content: every child, family and event here is fictional."""

import datetime
from dataclasses import dataclass

from cspr_site.models import NSPCC_REPOSITORY_URL
from reviews.editorial.groups import ADMINISTRATORS_GROUP, EDITORS_GROUP, MODERATORS_GROUP

PARTNERSHIP_NAME = "Safeguarding Children Partnership"

HOME = {
    "title": f"{PARTNERSHIP_NAME} – home",
    "search_description": (
        f"Practice reviews, serious case reviews and learning summaries published by the {PARTNERSHIP_NAME}."
    ),
    "introduction": (
        f"<p>The {PARTNERSHIP_NAME} is the local council, the police and the NHS working "
        "together to keep children in the area safe. When a child dies or is seriously harmed "
        "and abuse or neglect is known or suspected, the partnership looks back at what happened "
        "to learn how services can work better together.</p>"
        "<p>Here you can read the partnership's practice reviews, its earlier serious case "
        "reviews and one-page learning summaries for practitioners.</p>"
    ),
}

REVIEW_INDEX = {
    "title": "Child Safeguarding Practice Reviews",
    "slug": "child-safeguarding-practice-reviews",
    "search_description": (
        "What a Child Safeguarding Practice Review is and why it is published, with the "
        "partnership's practice reviews and legacy Serious Case Reviews."
    ),
    "introduction": (
        "<h2>What a practice review is</h2>"
        "<p>Nationally, learning from serious child safeguarding cases is the job of the Child "
        "Safeguarding Practice Review Panel. Locally, it is the job of the three safeguarding "
        "partners: the local authority, the police and the NHS. Local areas no longer carry out "
        "Serious Case Reviews; the partners now decide whether a case needs a local Child "
        "Safeguarding Practice Review (CSPR) instead.</p>"
        "<p>Working Together to Safeguard Children 2023 defines a serious child safeguarding "
        "case as one in which abuse or neglect of a child is known or suspected and the child "
        "has died or been seriously harmed. When that happens here, the partners decide whether "
        "there are lessons for the way local services work together. If there are, the "
        "partnership carries out a CSPR, which looks at the work of every agency that knew the "
        "child and family.</p>"
        "<h2>What a review is for</h2>"
        "<ul>"
        "<li>Finding out how services can protect children better and promote their "
        "welfare.</li>"
        "<li>Making it less likely that something similar happens to another child.</li>"
        "<li>Examining both the day-to-day work of practitioners and the way organisations "
        "and systems supported that work.</li>"
        "<li>Spreading what was learned across local agencies and to other areas.</li>"
        "</ul>"
        "<h2>What a review is not</h2>"
        "<p>A review does not set out to establish how a child died or came to be harmed. It "
        "runs separately from any police investigation or coroner's inquest, and it is not a "
        "way of blaming or holding to account any person or agency. Practitioners who worked "
        "with the family take part so that the partnership can understand the decisions they "
        "made and what would help them in future.</p>"
        "<h2>Publishing reports</h2>"
        "<p>So that the learning reaches as many people as possible, the partnership must "
        "publish each review report and keep it open to the public for at least one year. "
        "Reports are anonymised and each child is given a pseudonym.</p>"
        "<p>Reports are long, so each review also has a Learning on a Page summary: the "
        "child's lived experience, the key learning and what should change in practice.</p>"
        "<p>Published reviews from across England, including older ones that are no longer "
        "on this site, are kept in the "
        f'<a href="{NSPCC_REPOSITORY_URL}">NSPCC national case review repository</a>.</p>'
    ),
    "scr_introduction": (
        "<p>Serious Case Reviews (SCRs) were the earlier way of looking into cases where a "
        "child had died or been seriously harmed and abuse or neglect was known or suspected. "
        "They were carried out under the framework set up by the Children Act 2004. In 2018 "
        "new arrangements replaced them with the Child Safeguarding Practice Reviews described "
        "on this page.</p>"
        "<p>The partnership still publishes its Serious Case Reviews because much of what they "
        "found remains relevant to practice today.</p>"
    ),
}

THEMES = [
    "Neglect",
    "Domestic abuse",
    "Information sharing",
    "Parental mental health",
    "Exploitation",
    "Non-accidental injury",
    "Professional curiosity",
    "Safe sleep",
]


@dataclass(frozen=True)
class DemoReview:
    """One fictional review, with the sample report that goes with it."""

    kind: str
    title: str
    slug: str
    publication_date: datetime.date
    themes: tuple[str, ...]
    search_description: str
    summary: str
    # CSPRs only: when the full report went to the national Panel and the Secretary of State.
    panel_notified_on: datetime.date | None = None

    @property
    def report_title(self):
        return f"{self.title} – full report (sample)"

    @property
    def report_filename(self):
        return f"{self.slug}-report-sample.pdf"


CSPR = "CSPR"
SCR = "SCR"

REVIEWS = [
    DemoReview(
        kind=CSPR,
        title="Young Person A",
        slug="young-person-a",
        publication_date=datetime.date(2024, 9, 12),
        panel_notified_on=datetime.date(2024, 8, 29),
        themes=("Exploitation", "Information sharing", "Professional curiosity"),
        search_description=("A practice review about a teenager at risk of exploitation outside the family."),
        summary=(
            "<p>Young Person A was a teenager known to several services over a number of "
            "years. In the months before the incident that led to this review, professionals "
            "noticed that they were spending long periods away from home with older people "
            "outside the family, and their school attendance fell sharply.</p>"
            "<p>The review looked at how agencies shared what they knew and whether the risk of "
            "exploitation was recognised early enough. It found that each service held part of "
            "the picture, and it recommends joint planning around risks outside the home, "
            "listening closely to the young person and following up missed contact.</p>"
        ),
    ),
    DemoReview(
        kind=SCR,
        title="Child WR",
        slug="child-wr",
        publication_date=datetime.date(2014, 10, 6),
        themes=("Neglect", "Parental mental health", "Professional curiosity"),
        search_description="A serious case review about the long-term neglect of a young child.",
        summary=(
            "<p>Child WR was a primary school child living with a parent who had long-standing "
            "mental health difficulties. Over several years different services saw that the "
            "child often arrived at school hungry, in unwashed clothes and with health problems "
            "that had not been treated, but each concern was handled on its own.</p>"
            "<p>The review found that the combined effect of neglect over time was not "
            "recognised, and that contact with the family tended to focus on the parent's needs. "
            "It recommends a shared way of assessing neglect across agencies and asks "
            "practitioners to keep the child's daily life at the centre of their work.</p>"
        ),
    ),
    DemoReview(
        kind=SCR,
        title="Child A & B",
        slug="child-a-and-b",
        publication_date=datetime.date(2015, 7, 21),
        themes=("Domestic abuse", "Information sharing"),
        search_description=("A serious case review about two young siblings living with domestic abuse."),
        summary=(
            "<p>Child A and Child B were siblings under five who lived in a household where "
            "domestic abuse had been reported to the police more than once. Health visitors, "
            "the police and children's social care all had contact with the family, but what "
            "each of them knew was never brought together.</p>"
            "<p>The review considers how reports of domestic abuse were assessed when young "
            "children lived in the home, and how the family's moves between areas affected the "
            "help they received. Its recommendations cover sharing information between agencies "
            "and passing on records when a family moves.</p>"
        ),
    ),
    DemoReview(
        kind=SCR,
        title="Harry",
        slug="harry",
        publication_date=datetime.date(2016, 11, 30),
        themes=("Non-accidental injury", "Professional curiosity", "Information sharing"),
        search_description="A serious case review about injuries to a baby who was not yet mobile.",
        summary=(
            "<p>Harry was a baby who was taken to hospital with injuries that doctors thought "
            "were unlikely to have been caused by accident. Some weeks earlier a health "
            "professional had seen a small bruise on him, and it had not been followed up.</p>"
            "<p>The review looked at how professionals respond to bruising on babies who cannot "
            "yet move about by themselves, and at how well fathers and other male carers were "
            "included in assessments. It recommends that every agency follows the partnership's "
            "guidance on injuries to non-mobile babies.</p>"
        ),
    ),
    DemoReview(
        kind=SCR,
        title="Baby F",
        slug="baby-f",
        publication_date=datetime.date(2018, 3, 15),
        themes=("Safe sleep", "Parental mental health"),
        search_description="A serious case review about the sudden death of a young baby.",
        summary=(
            "<p>Baby F died suddenly in the first months of life while sleeping on a sofa with "
            "a parent. The family were known to services because of worries about a parent's "
            "mental health after the birth.</p>"
            "<p>The review examined how advice about safer sleep was given to the family and "
            "whether it took account of their circumstances, especially at times of stress or "
            "change. It recommends that every practitioner who visits a family with a young "
            "baby talks about safer sleep and adapts the advice to that family.</p>"
        ),
    ),
    DemoReview(
        kind=SCR,
        title="Child G",
        slug="child-g",
        publication_date=datetime.date(2019, 5, 22),
        themes=("Neglect", "Domestic abuse", "Professional curiosity"),
        search_description="A serious case review about recurring neglect of a young child.",
        summary=(
            "<p>Child G was a young child whose family had been supported by children's "
            "services for some time. Conditions at home improved and then worsened again more "
            "than once, and professionals suspected domestic abuse between the adults without "
            "asking about it directly.</p>"
            "<p>The review found that short periods of improvement led to support being reduced "
            "too soon, and that the child's own views were rarely written down. It recommends "
            "looking for patterns over the whole history of a case and asking direct questions "
            "when abuse is suspected.</p>"
        ),
    ),
]

LEARNING_PAGE = {
    "review_slug": "young-person-a",
    "title": "Young Person A: Learning on a Page",
    "slug": "young-person-a-learning-on-a-page",
    "search_description": (
        "The lived experience, key learning and changes in practice from the Young Person A "
        "review, on one page."
    ),
    "lived_experience": (
        "<ul>"
        "<li>Moving between home, relatives and friends' addresses, often not knowing where "
        "they would sleep.</li>"
        "<li>Missing a lot of school and feeling that staff saw only their behaviour.</li>"
        "<li>Being given money, phones and lifts by older people who later expected something "
        "in return.</li>"
        "<li>Telling professionals they were fine while being afraid of what would happen if "
        "they said more.</li>"
        "</ul>"
    ),
    "key_learning": (
        "<ul>"
        "<li>Going missing, falling attendance and unexplained possessions can be signs of "
        "exploitation; they are not simply a young person's choices.</li>"
        "<li>No single agency had the whole picture; the risk was much clearer once information "
        "was put together.</li>"
        "<li>Plans focused on the young person's behaviour rather than on the adults who posed "
        "a risk to them.</li>"
        "<li>A trusted, consistent worker made the biggest difference to what the young person "
        "was willing to share.</li>"
        "</ul>"
    ),
    "learning_into_practice": (
        "<ul>"
        "<li>Share worries about exploitation promptly through the agreed multi-agency route, "
        "even when a piece of information seems small.</li>"
        "<li>Ask about the people around a young person: who they spend time with, where, and "
        "what they are given.</li>"
        "<li>Record the young person's own words and show how they shaped the plan.</li>"
        "<li>Follow every missing episode and missed appointment with a conversation about "
        "what happened.</li>"
        "</ul>"
    ),
}


# One account per editorial role for trying the workflow; created only with --with-demo-users.
DEMO_USERS = [
    {"username": "demo-editor", "first_name": "Erin", "last_name": "Editor", "group": EDITORS_GROUP},
    {
        "username": "demo-moderator",
        "first_name": "Morgan",
        "last_name": "Moderator",
        "group": MODERATORS_GROUP,
    },
    {
        "username": "demo-administrator",
        "first_name": "Ashley",
        "last_name": "Administrator",
        "group": ADMINISTRATORS_GROUP,
    },
]

# Numbers in Ofcom's range for drama (01632 960xxx) and example.org addresses: nobody real answers.
PARTNERSHIP_CONTACTS = {
    "contact_email": "safeguarding.partnership@example.org",
    "childrens_services_phone": "01632 960100",
    "childrens_services_out_of_hours_phone": "01632 960200",
    "childrens_services_url": "https://www.example.org/report-a-worry-about-a-child",
}

ACCESSIBILITY_STATEMENT = {
    "title": "Accessibility statement",
    "slug": "accessibility-statement",
    "search_description": "How accessible this website is, and how to tell us about a problem.",
    "body": (
        "<p>The partnership runs this website and wants as many people as possible to be able to "
        "use it, including people who use a screen reader, magnification or only a keyboard, and "
        "people reading on a phone. You should be able to:</p>"
        "<ul><li>zoom the text to 400% without it spilling off the screen</li>"
        "<li>reach every link, search field and filter with the keyboard</li>"
        "<li>listen to every page with a screen reader</li>"
        "<li>print a Learning on a Page on one sheet of A4</li></ul>"
        "<h2>Compliance status</h2>"
        "<p>This website is partially compliant with the Web Content Accessibility Guidelines "
        "(WCAG) version 2.2 AA standard, because of the older documents listed below.</p>"
        "<h2>Content that is not accessible</h2>"
        "<p>Some review reports published before 2020 are PDF files produced by the agencies "
        "involved. They may have no headings or text alternatives for charts, which fails WCAG "
        "2.2 success criteria 1.1.1 (non-text content) and 1.3.1 (info and relationships). We "
        "replace a report with an accessible version when someone asks for one, and every new "
        "report is checked before it is published.</p>"
        "<h2>Asking for a document in another format</h2>"
        "<p>If you need a review, a Learning on a Page or anything else on this website in "
        "another format, such as an accessible PDF, large print, easy read, an audio recording "
        "or braille, e-mail safeguarding.partnership@example.org or call 01632 960000. Tell us "
        "which page or document you need and the format that suits you.</p>"
        "<p>We will reply within 5 working days, and tell you by then how long the new format "
        "will take if it cannot be ready sooner.</p>"
        "<h2>Reporting accessibility problems with this website</h2>"
        "<p>We are always looking to improve the accessibility of this website. If you find a "
        "problem that is not listed on this page, or think we are not meeting accessibility "
        "requirements, contact the partnership business unit by e-mail at "
        "safeguarding.partnership@example.org.</p>"
        "<h2>Enforcement procedure</h2>"
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
        "Regulations 2018 (the accessibility regulations). If you are not happy with how we "
        "respond to your complaint, contact the "
        '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
        "Service (EASS)</a>.</p>"
        "<h2>How we tested this website</h2>"
        "<p>Every public page type is checked with the axe-core tool in a real browser, by "
        "keyboard and at phone and desktop widths before each release. The website was last "
        "tested on 1 December 2026.</p>"
        "<h2>Preparation of this statement</h2>"
        "<p>This statement was prepared on 1 December 2026. It was last reviewed on "
        "1 December 2026, and is reviewed again whenever the website changes.</p>"
    ),
}

PRIVACY_NOTICE = {
    "title": "Privacy notice",
    "slug": "privacy",
    "search_description": "What this website records about you, why, and for how long.",
    "body": (
        "<p>The partnership is the data controller for this website.</p>"
        "<h2>What we record when you visit</h2>"
        "<p>Reading this website sets no cookies and uses no analytics or advertising tools. The "
        "forms to sign up for and manage e-mail alerts set one cookie (csrftoken), which stops "
        "other websites sending the forms in your name. Our web server keeps a record of each "
        "request (the address asked for, the time and your "
        "device's internet address) for 30 days, to keep the website secure and working.</p>"
        "<h2>E-mail alerts</h2>"
        "<p>If you sign up for e-mail alerts, we keep only your e-mail address, what you chose to "
        "hear about (topics, themes and how often) and the dates you signed up and confirmed. We use "
        "them only to send the alerts. A sign-up that is not confirmed within 7 days is deleted. "
        "Every alert has a link to stop them, which deletes your address at once. Partnership staff "
        "see how many people follow each theme; only staff given the permission see the addresses.</p>"
        "<h2>When you contact us</h2>"
        "<p>If you e-mail or call the partnership business unit, we keep what you tell us only "
        "as long as we need it to answer you, and for no more than two years.</p>"
        "<h2>Your rights</h2>"
        "<p>You can ask to see, correct or delete what we hold about you by e-mailing "
        "safeguarding.partnership@example.org. If you are unhappy with how we handle your "
        "information, you can complain to the "
        '<a href="https://ico.org.uk/make-a-complaint/">Information Commissioner\'s Office</a>.</p>'
    ),
}

CONTACT_PAGE = {
    "title": "Contact the partnership",
    "slug": "contact",
    "search_description": "How to reach the partnership business unit.",
    "body": (
        "<p><b>If you are worried about a child</b>, do not contact the partnership: call "
        "children's services on 01632 960100 (office hours) or 01632 960200 (evenings, weekends "
        "and bank holidays). If a child is in immediate danger, call 999.</p>"
        "<h2>The partnership business unit</h2>"
        "<p>For questions about the reviews on this website, requests for a document in another "
        "format, or anything else about the partnership's work:</p>"
        "<ul><li>e-mail safeguarding.partnership@example.org</li>"
        "<li>call 01632 960000, Monday to Friday, 9am to 5pm</li></ul>"
        "<p>We answer within 5 working days.</p>"
    ),
}
