"""The first version of each site page: created by migration 0002 and by `seed_demo` when missing.

Editors own the pages from then on; this copy is only where they start. Privacy and How we rank
describe what the code does (docs/privacy.md, docs/directory.md); tests/pages holds them to it.
"""

ABOUT = """\
Flux is a magazine and a directory about AI tools, and about the workflows people use to earn
money with them. We write news and explainers, keep a ranked catalogue of tools, collect
step-by-step workflows with the earnings their creators report, and send a weekly newsletter,
**The Sauce Drop**.

## What we try to do

- Say plainly what a tool does, what it costs and what it is good at, and correct ourselves in
  public when we get it wrong.
- Show earnings as what they are: figures people report about themselves, not promises. Most
  people who try a workflow earn less than its creator, and some earn nothing.
- Keep readers untracked. Reading Flux loads nothing from any other company, and we don't keep a
  record of who read what. The [privacy page](/privacy/) lists everything we do store.

## How we make money

Some links to tools are affiliate links: if you sign up for a paid plan through one, the maker may
pay us a commission. That never changes where a tool ranks; the [disclosure](/disclosure/) and
[how we rank](/how-we-rank/) pages explain both.
"""

CONTACT = """\
We read everything that reaches the newsroom.

- **Corrections.** If a story or a tool listing gets a fact wrong, tell us which page and what is
  wrong; we fix errors and say so on the page when the change matters.
- **A tool we should list.** Use the [suggestion form](/tools/submit/). It is free, and suggesting
  a tool never buys it a place in the rankings.
- **Your results with a workflow.** Each workflow page has a form to report what happened when you
  tried it; reports are confirmed by email and checked by an editor before they count.
- **The newsletter.** Reply to any issue of The Sauce Drop and your message comes to the editors.
  Every issue also links to a page where you can choose topics, download what we hold about you,
  or delete it.

We don't sell placement, reviews or coverage, so please don't offer.
"""

PRIVACY = """\
Flux is built to be read without being followed. This page lists everything the site stores
about its readers, and nothing else is kept.

## While you read

- **No tracking.** Pages load scripts, styles, fonts and images from Flux only: no analytics services, no
  advertising networks, no social-media widgets. Our Content-Security-Policy tells your browser to
  refuse anything else.
- **No cookies while browsing.** Reading pages sets no cookie. When you send a form, a `csrftoken`
  cookie protects it against forgery; it identifies nobody, and we don't store it.
- **Server logs** record the time, the address of the page asked for, the response and how long it
  took: no IP address, browser details or referring page.

## What is stored

- **Outbound click counts.** When you follow a link to a tool through `/go/`, one number goes up:
  that tool's clicks for that day. Nothing about you is stored with it.
- **Readership counts.** Each page you read tells Flux its own address and, if you came from another
  site, that site's name (never the full link). One number goes up: that page's views for the day,
  and the other site's. Signing up for the newsletter adds one to the day's sign-ups from the page
  the form was on, apart from your subscription. No cookie, IP address or browser details are
  stored with these numbers, and nothing in them tells one reader from another; browsers without
  JavaScript aren't counted.
- **Newsletter subscribers.** If you sign up for The Sauce Drop we keep your email address, when
  you asked to subscribe and confirmed, the page whose form you used, the topics you chose,
  which issues we sent you, and any bounce, complaint or unsubscribe reported for your address.
  An address an editor imported from an earlier list also records which file it came from.
  Emails contain no tracking pixels. Every email links to a page where you can change topics,
  download this record, or delete it, and has a one-click unsubscribe link.
- **Newsletter link clicks.** Links in an issue of The Sauce Drop pass through Flux, which counts
  how often each link in each issue was followed. Every copy of an issue carries the same links,
  so the count can't tell who clicked.
- **Outcome reports.** If you report your results with a workflow we keep what you entered and
  your email address, used only to send the confirm and withdraw links. The address is never
  shown and never added to the newsletter. Withdrawing a report takes it out of every figure.
- **Tool suggestions.** If you suggest a tool we keep the suggestion, your email address (for the
  confirmation link) and your note, for editors to review.
- **Rate-limit counters.** To stop a form being flooded, we count recent sign-ups, reports and
  suggestions per IP address and per email address. Each count is stored under a one-way hash,
  never the address itself, and is deleted soon after its window ends.

## Editors

People who sign in to edit Flux leave more traces: failed and successful sign-ins (with IP
address and browser) to stop password guessing, and the history of their edits.

## Backups and removal

Backups copy the database, so they include the records above; they are kept private. To have
your data removed, use the link in any newsletter email or the withdraw link we sent with your
report, or [contact us](/contact/).
"""

TERMS = """\
By using Flux you agree to these terms. They are short because the site is simple.

## What we publish

- Articles, tool listings and workflows are information, not financial, legal or tax advice.
  Prices and features change; check them with the maker before you rely on them.
- Earnings shown on workflows are reported by their creators and by readers. We don't verify
  them and they are not a promise of income.
- Links take you to sites we don't control; their terms and privacy policies apply there.

## What you send us

- When you report results, suggest a tool or write to us, you confirm the information is true as
  far as you know and that you may share it. We may edit for length, decline to publish, or
  remove anything, and we may publish accepted outcome figures as part of a workflow's totals.
- Don't use our forms to send spam, abuse, or anything you don't have the right to share, and
  don't try to get around the rate limits.

## Our content

Text and images on Flux belong to Flux or to their credited authors. Quote short passages with a
link back; ask before republishing anything in full.

## Changes

We may update these terms. The page shows when it last changed, and the version shown here is
the one that applies.
"""

DISCLOSURE = """\
Flux is paid for in part by affiliate links. Here is exactly how that works.

- **Affiliate links.** Some tool listings link to the maker through an affiliate link. If you
  subscribe to a paid plan after following it, the maker may pay Flux a commission. You pay the
  same price either way. Every affiliate link is labelled “Affiliate link” next to it and marked
  `rel="sponsored"` for search engines.
- **Rankings are not for sale.** Whether a tool has an affiliate link plays no part in where it
  appears: not in the default order, any other sort, category pages, alternatives or search
  results. [How we rank](/how-we-rank/) gives the formula.
- **No paid coverage.** We don't accept payment for articles, reviews, listings or newsletter
  mentions. Suggesting a tool is free and buys nothing.
- **No advertising networks.** Flux shows no third-party ads and loads no advertising scripts. If
  we ever run a sponsorship it will be labelled as one where it appears.
- **Earnings figures** on workflows are self-reported and not guarantees of income; most people
  earn less, and some earn nothing.
"""

HOW_WE_RANK = """\
The directory's default order, **Recommended**, sorts tools by a score that anyone can check:

    score = 20 × editorial rating + 25 × log10(1 + clicks in the last 30 days)

- **Editorial rating** is 0 to 5 stars, set by our editors, so it adds up to 100 points.
- **Reader interest** is the number of times readers followed a link to the tool through Flux in
  the last 30 days, today included. The logarithm keeps popularity from drowning out quality: 9
  clicks add 25 points, 99 add 50, 999 add 75. Half a star is worth about as much as multiplying
  the clicks by two and a half.
- Tools with the same score are ordered by name.

Scores are recalculated every hour.

## What never affects rank

Whether a tool has an affiliate link, and whether its maker pays us anything, is not part of the
score or of any other order on the site. Our tests check this on every change: they set affiliate
links on all tools, on half, and on none, and require every listing to come out in the same order.
Suggesting a tool is free and doesn't move it either.

## Other orders

You can also sort by editorial rating, by most visited in the last 30 days, by newest, by name or
by starting price. A search is ordered by how well each tool matches your words (its name counts
most), then by score. A tool's **alternatives** are published tools sharing one of its
categories, ordered by how many tags they share with it, then shared categories, then score.

Workflows are ordered by their creators' reported monthly earnings, converted to US dollars so
different currencies compare; the page always shows the figure in its own currency.
"""

PAGES = [
    {
        "slug": "about",
        "title": "About Flux",
        "description": "Who we are, what Flux covers, and how the site pays for itself.",
        "body": ABOUT,
    },
    {
        "slug": "contact",
        "title": "Contact",
        "description": "Corrections, tool suggestions, workflow results and newsletter questions: how to reach the editors.",
        "body": CONTACT,
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "description": "Everything Flux stores about its readers: no analytics service, no tracking cookies, daily readership totals, and what each form keeps.",
        "body": PRIVACY,
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "description": "The short terms for reading Flux and sending us reports, suggestions and messages.",
        "body": TERMS,
    },
    {
        "slug": "disclosure",
        "title": "Affiliate and advertising disclosure",
        "description": "How affiliate links pay for Flux, and why they never change a tool's rank.",
        "body": DISCLOSURE,
    },
    {
        "slug": "how-we-rank",
        "title": "How we rank tools",
        "description": "The directory's ranking formula: editorial rating plus reader interest, and affiliate links never count.",
        "body": HOW_WE_RANK,
    },
]
