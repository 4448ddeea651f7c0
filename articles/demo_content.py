"""Original demo content for Flux (AerioxFlux) — "The state of AI, in flux."

Data only. All articles, bylines and named organisations are invented for demo
purposes; figures are illustrative and earnings are self-reported by fictional
interviewees.
"""

SECTIONS = [
    {
        "name": "AI Tools",
        "slug": "ai-tools",
        "description": "Hands-on reporting on the apps, agents and infrastructure people actually use to get work done with AI.",
        "order": 1,
    },
    {
        "name": "Models",
        "slug": "models",
        "description": "Releases, benchmarks and the economics of running models, from frontier APIs to open weights.",
        "order": 2,
    },
    {
        "name": "Money",
        "slug": "money",
        "description": "Side hustles, workflows and earnings, with self-reported numbers labelled as such and the costs left in.",
        "order": 3,
    },
    {
        "name": "Policy",
        "slug": "policy",
        "description": "Regulation, procurement and provenance: the rules and questions that decide where and how AI gets used.",
        "order": 4,
    },
    {
        "name": "Culture",
        "slug": "culture",
        "description": "How AI is changing work, media and the stories people tell about making money with it.",
        "order": 5,
    },
]

AUTHORS = [
    {
        "name": "Flux Desk",
        "slug": "flux-desk",
        "bio": "The house byline: Flux editors writing together on the AI tools, models and workflows that move fastest.",
    },
    {
        "name": "Tamsin Vale",
        "slug": "tamsin-vale",
        "bio": "Tamsin Vale covers evaluation, policy and the creator economy for Flux. She previously edited a trade newsletter for independent publishers.",
    },
    {
        "name": "Oskar Brightwater",
        "slug": "oskar-brightwater",
        "bio": "Oskar Brightwater writes about inference infrastructure and pricing. He spent a decade in cloud operations before deciding spreadsheets were more fun to write about than to maintain.",
    },
    {
        "name": "Priya Lanthorne",
        "slug": "priya-lanthorne",
        "bio": "Priya Lanthorne reports on developer tools and the side-hustle economy, with a particular interest in work that AI speeds up rather than replaces.",
    },
    {
        "name": "Dev Halloran",
        "slug": "dev-halloran",
        "bio": "Dev Halloran covers hardware, local AI and media. He tests everything he writes about on a laptop that is always slightly too full.",
    },
]

ARTICLES = [
    # ------------------------------------------------------------------ AI TOOLS
    {
        "slug": "choosing-an-inference-provider",
        "headline": "Choosing an inference provider? Price is the last question, not the first",
        "dek": "Per-token rates dominate the comparison tables. Latency tails, rate limits, data terms and exit costs decide whether a deployment survives its first busy month.",
        "section": "ai-tools",
        "kicker": "buyer's guide",
        "authors": ["oskar-brightwater", "flux-desk"],
        "tags": ["inference", "procurement", "latency", "vendor-lock-in"],
        "featured": False,
        "days_ago": 3,
        "hero_alt": "Abstract slate-blue grid with a few amber cells breaking the pattern, suggesting a checklist with outliers",
        "hero_palette": ["#1e3a8a", "#f59e0b"],
        "body": """\
Every comparison table of inference providers leads with the same column: dollars per million input tokens, dollars per million output tokens. It is the easiest number to collect and the least useful one to optimise first. Teams that pick on price alone tend to re-platform within a quarter, and the migration costs more than the savings ever did.

We asked engineers at a handful of small product companies what actually broke when they moved a feature from prototype to production. Their answers fell into four buckets, and none of them was the sticker price.

## Latency is a distribution, not a number

Providers advertise median time-to-first-token. Your users experience the tail. A chat feature that answers in 400 milliseconds most of the time and eight seconds one request in fifty feels broken, and support tickets will say so. Before signing anything, run your own prompts — real lengths, real concurrency — for at least a full business day and look at the 95th and 99th percentiles. Then run it again at your busiest hour, when shared capacity is tightest.

Throughput matters separately. Output tokens per second determines how long a long answer takes to finish streaming, and it varies more between providers serving the same open-weight model than most buyers expect, because quantisation choices, batching strategies and hardware differ behind the same model name.

>> Two providers can serve a model with the same name and still be selling, in practice, two different products.

## The questions that belong on the checklist

- **Rate limits and burst behaviour.** What happens at three times your expected peak: queueing, errors, or silent degradation?
- **Model pinning.** Can you lock a specific model version and quantisation, and how much notice do you get before it is retired?
- **Data terms.** Are prompts logged, for how long, and are they ever used for training? Get the answer in the contract, not the FAQ.
- **Region and residency.** Where does inference physically run, and can you constrain it?
- **Exit cost.** How much of your code speaks a provider-specific API rather than a widely supported interface?

That last point is the one teams regret most. An abstraction layer that lets you swap endpoints with a config change is cheap to build on day one and expensive to retrofit on day ninety.

## Then, and only then, price

Once two or three providers pass the reliability and terms screen, price becomes a legitimate tiebreaker — and a more interesting one than the headline rate suggests. Check whether cached prompt prefixes are billed at a discount, whether batch or off-peak tiers exist for work that can wait, and whether minimum commitments quietly raise your effective rate. In an illustrative case, a provider that is 20 percent more expensive per token but caches your 3,000-token system prompt may well produce the smaller bill.

The practical advice is boring: build a small harness, replay a day of representative traffic against each candidate, and keep the results in a spreadsheet you update every quarter. The market moves fast enough that last spring's winner may not be this autumn's.

*Reporting by Oskar Brightwater; edited by Flux Desk.*
""",
    },
    {
        "slug": "coding-agents-review-bottleneck",
        "headline": "The coding agent wrote the pull request. Now someone has to read it",
        "dek": "Autonomous coding tools have moved the bottleneck from writing code to reviewing it. The teams getting value are the ones that redesigned review first.",
        "section": "ai-tools",
        "kicker": "developer tools",
        "authors": ["priya-lanthorne"],
        "tags": ["coding-agents", "code-review", "developer-productivity"],
        "featured": False,
        "days_ago": 1,
        "hero_alt": "Abstract stack of violet and lime rectangles funnelling into a narrow gap, suggesting a queue waiting for review",
        "hero_palette": ["#6d28d9", "#84cc16"],
        "body": """\
The demo is always the same: a ticket goes in, an agent clones the repository, runs the tests, edits six files and opens a tidy pull request with a summary. It is genuinely impressive. What the demo never shows is the Tuesday afternoon when a senior engineer has eleven of those pull requests waiting and a product meeting in twenty minutes.

AI coding agents — tools that plan and execute multi-step changes rather than autocompleting a line — are now good enough that their output is rarely nonsense. That is precisely the problem. Plausible code is harder to review than obviously wrong code, and a reviewer who skims because "the tests passed" is approving work nobody fully understands.

## Where the time actually goes

Engineering leads we spoke with describe a consistent pattern. Time spent typing falls sharply. Time spent reading, questioning and verifying rises, though not by as much. Net productivity improves, but unevenly: junior engineers generate more changes, senior engineers absorb more review load, and senior engineers are the scarcer resource.

>> Agents didn't remove the bottleneck. They moved it up the org chart.

One team lead at a mid-sized logistics software company described a rule adopted after a near-miss on a billing change: any agent-authored pull request touching money, permissions or data deletion requires a human to write the test cases first, before the agent touches the implementation. The agent is allowed to make the tests pass; it is not allowed to decide what passing means.

## Habits of teams that make it work

- **Small scopes.** Agents given a narrowly described task with clear acceptance criteria produce reviewable diffs. Agents given "refactor the payments module" produce archaeology.
- **Provenance labels.** Marking which commits were agent-generated helps later debugging and makes review expectations explicit.
- **Budget caps.** Agents that loop on failing tests can burn through a surprising amount of API spend. Teams set per-task token or dollar ceilings and treat hitting one as a sign the task was badly specified.
- **Rotating review.** Spreading agent-PR review across the team stops one senior person from becoming a full-time auditor.

## What to measure

Lines of code and pull requests merged are vanity metrics in an agent workflow; both go up automatically. More honest measures are change failure rate, time from merge to first bug report, and reviewer hours per shipped feature. If those move the wrong way, the agent is producing volume, not value.

None of this is an argument against the tools. It is an argument for treating them like a fast, tireless, occasionally overconfident new hire: useful from day one, and never the last pair of eyes on anything that matters.

*— Priya Lanthorne*
""",
    },
    {
        "slug": "local-models-laptop-afternoon",
        "headline": "A laptop, a quantised model and a long afternoon: what running AI locally is really like",
        "dek": "Local models have gone from hobbyist curiosity to plausible daily tool. We spent a week using one for real work and kept notes on where it held up.",
        "section": "ai-tools",
        "kicker": "local ai",
        "authors": ["dev-halloran"],
        "tags": ["local-models", "quantisation", "privacy", "Llama"],
        "featured": False,
        "days_ago": 9,
        "hero_alt": "Abstract charcoal square with a small glowing coral core, suggesting computation contained inside a closed device",
        "hero_palette": ["#27272a", "#fb7185"],
        "body": """\
The pitch for running a language model on your own laptop is simple: no per-token bill, no data leaving the machine, no outage when someone else's datacentre has a bad day. The reality is more nuanced, and mostly depends on one number you probably don't think about — how much memory your machine has.

For a week, we ran a mid-sized open-weight model, quantised to four bits, on a recent 14-inch laptop with 32GB of memory. We used it for the ordinary tasks of a working week: summarising long documents, drafting emails, cleaning up meeting notes, and answering questions about a folder of PDFs.

## Memory is the whole story

A model's parameter count, multiplied by the bytes per parameter after quantisation, gives a rough floor for the memory it needs, before you add room for the context window. That arithmetic decides almost everything. Models in the 7 to 8 billion parameter range run comfortably on most recent machines. Models around 30 billion parameters are possible on higher-memory laptops with aggressive quantisation, but leave little room for anything else. Anything much larger is, for most people, a desktop or server problem.

Quantisation — storing weights at lower precision — is what makes this work at all. The quality loss at four bits is real but, for drafting and summarisation, usually hard to notice. It becomes more visible on arithmetic, strict formatting and long chains of reasoning.

>> The question isn't whether your laptop can run a model. It's whether it can run one and your browser at the same time.

## Where it held up, and where it didn't

- **Summarising and rewriting:** genuinely good. For private documents, the privacy benefit alone justified the setup.
- **Questions over local files:** workable, but quality depended more on how documents were chunked and retrieved than on the model.
- **Coding help:** fine for explaining snippets, noticeably weaker than large hosted models on multi-file changes.
- **Speed:** acceptable for short answers; long outputs were slow enough that we started asking for brevity.
- **Battery:** the hidden cost. Sustained generation drained the battery roughly as fast as a video call.

## Who should bother

If you handle confidential material — client files, medical notes, unpublished manuscripts — a local model is worth an afternoon of setup. If you mostly ask general questions and value speed, a hosted service will feel better and, at light usage, costs little.

The tooling has improved to the point where installation is a download and a click rather than a weekend of compiler errors. That alone changes who this is for. Local AI is no longer a hobbyist's project; it is a reasonable choice with clear trade-offs, which is about the best thing you can say about any tool.

*— Dev Halloran*
""",
    },
    # -------------------------------------------------------------------- MODELS
    {
        "slug": "open-weights-cost-to-run",
        "headline": "Open weights are free. Running them is not",
        "dek": "A new open-weight release costs nothing to download. We priced what it takes to serve one in production, from GPUs idling at 3am to the engineer who keeps them up.",
        "section": "models",
        "kicker": "open source",
        "authors": ["flux-desk", "oskar-brightwater"],
        "tags": ["open-weights", "inference", "gpu-costs", "DeepSeek", "Qwen"],
        "featured": True,
        "days_ago": 0,
        "hero_alt": "Abstract teal and amber blocks stacked unevenly, suggesting a ledger of hidden costs",
        "hero_palette": ["#0f766e", "#f59e0b"],
        "body": """\
Every few weeks another lab publishes the weights for a capable model, and every few weeks the same headline follows: frontier-class AI, now free. The download is free. The licence may be permissive. What follows the download is a bill that many teams underestimate by a factor of several.

To make the trade-off concrete, we built an illustrative cost model for a hypothetical small company — call it Ledgerline — that wants to serve a mid-sized open-weight model to its own customers instead of paying a hosted API. The numbers below are deliberately round and are meant to show structure, not to quote any vendor.

## The line items nobody puts on the slide

- **GPUs, rented by the hour.** Ledgerline needs enough accelerator memory to hold the model plus room for concurrent requests. In our scenario that is two high-memory GPUs, running around the clock, at a notional $2.50 per GPU-hour: roughly $3,600 a month before serving a single token.
- **Idle time.** Traffic peaks during business hours. Overnight, those GPUs are mostly waiting. Autoscaling helps, but cold starts for large models can take minutes, so most small teams keep a floor running.
- **Redundancy.** One replica is one outage away from a support incident. Two replicas double the GPU line.
- **People.** Someone has to patch drivers, tune the serving stack, upgrade when a better quantisation appears, and get paged. Even a fraction of an engineer's time outweighs the hardware at this scale.
- **Evaluation.** Every model upgrade needs regression testing against your own prompts. That is work, and usually unbudgeted.

>> The weights are the cheapest part of an open-weight model. Everything you wrap around them is where the money goes.

## When self-hosting wins

None of this means self-hosting is a mistake. The arithmetic flips under a few conditions. High, steady utilisation is the main one: if Ledgerline's GPUs are busy most of the day, its per-token cost can fall well below hosted rates. Strict data residency or confidentiality requirements can make self-hosting the only acceptable option regardless of cost. And fine-tuned or heavily customised models may not be available from any hosted provider at all.

There is also a middle path that many teams now take: use a third-party inference provider that serves the same open-weight model. You keep the option of moving to self-hosting later, because the model is the same; you avoid paying for idle GPUs now.

## A rough decision rule

If your usage is spiky, small, or still being discovered, rent tokens, not GPUs. If your usage is large, predictable and sensitive, price out self-hosting honestly, with people and redundancy included. And if a vendor's pitch for self-hosting includes only the hardware line, ask them to fill in the rest of the spreadsheet.

Open weights are one of the most important developments in the field — for research, for transparency, and for bargaining power against closed providers. They are just not free, and pretending otherwise helps no one plan.

*Reporting by Flux Desk and Oskar Brightwater.*
""",
    },
    {
        "slug": "price-per-million-tokens-floor",
        "headline": "The race to the bottom on token prices has a floor, and it is made of electricity",
        "dek": "Per-million-token prices keep falling. Behind the cuts are cheaper hardware, better batching and some subsidy, and not all of those will last.",
        "section": "models",
        "kicker": "pricing",
        "authors": ["oskar-brightwater"],
        "tags": ["inference", "pricing", "price-war", "Mistral"],
        "featured": False,
        "days_ago": 6,
        "hero_alt": "Abstract descending steps in cobalt meeting a flat band of yellow, suggesting falling prices reaching a floor",
        "hero_palette": ["#1d4ed8", "#facc15"],
        "body": """\
If you track what it costs to get a million tokens out of a capable language model, the chart over the past couple of years looks like a ski slope. Prices for comparable capability have fallen repeatedly, sometimes by large multiples in a single announcement. For buyers, this has been a gift. For anyone trying to plan a business around it, the useful question is not how low prices are, but why, and for how long.

## Four reasons prices fall

Not all price cuts are created equal. Broadly, they come from four sources, and only some are durable.

- **Better hardware.** Newer accelerators do more work per watt and per dollar. This is durable, and it compounds.
- **Better software.** Smarter batching, speculative decoding, caching of repeated prompt prefixes and lower-precision arithmetic all squeeze more tokens from the same chip. Also durable.
- **Smaller models doing more.** Distilled and mixture-of-experts models deliver similar quality while activating fewer parameters per token. Durable, though each gain is hard-won.
- **Subsidy.** Providers pricing below cost to win market share, funded by investors or by other business lines. This is the one that can reverse.

>> A price cut funded by engineering is a trend. A price cut funded by a funding round is a promotion.

## The floor

Eventually, every token has to pay for the electricity, the silicon it ran on and the building around it. Those costs fall too, but more slowly than marketing pages do. When a provider's price sits well below what anyone could plausibly serve that model for, it is reasonable to assume the difference is coming from somewhere — and that it may not come forever.

For buyers, the practical risk is not that prices spike overnight. It is quieter: free tiers tighten, rate limits shrink, an older cheap model is retired and its replacement costs more, or a "preview" price becomes a standard price with little notice.

## How to plan around a moving price

Several habits help teams benefit from falling prices without betting the company on them.

First, model your unit economics at a price meaningfully above today's rate — double is a common rule of thumb — and confirm the product still works. Second, keep a secondary provider tested and ready, so a price change is a configuration switch rather than a crisis. Third, invest in the optimisations you control: shorter prompts, caching, and routing easy requests to smaller models. Those savings survive any pricing announcement.

Finally, read pricing pages the way a lawyer reads a lease. Input and output tokens are usually priced separately, with output often several times more expensive. Long-context requests may carry a surcharge. Batch tiers can be dramatically cheaper for work that can wait hours. The headline number is a starting point, not a bill.

The price war is real, and buyers should enjoy it. Just don't build a business whose margin depends on it never ending.

*— Oskar Brightwater*
""",
    },
    {
        "slug": "leaderboard-fatigue-benchmarks",
        "headline": "Leaderboard fatigue: why a two-point benchmark gain tells you almost nothing",
        "dek": "Model launches arrive wrapped in tables of scores. Contamination, cherry-picked settings and saturated tests mean buyers should run their own evals instead.",
        "section": "models",
        "kicker": "evaluation",
        "authors": ["tamsin-vale"],
        "tags": ["benchmarks", "evals", "contamination"],
        "featured": False,
        "days_ago": 14,
        "hero_alt": "Abstract row of near-identical emerald bars with one marginally taller bar outlined in pink, suggesting a negligible lead",
        "hero_palette": ["#047857", "#ec4899"],
        "body": """\
Every model launch now comes with the same artefact: a table of benchmark names down one side, competitor models across the top, and the new model's scores in bold. The bold numbers are usually a point or two higher. The table is usually the least informative thing in the announcement.

That is not because benchmarks are useless. Shared tests gave the field a common language and still catch genuine regressions. It is because the way they are reported has drifted away from what a buyer needs to know.

## Why the scores are slippery

**Contamination.** Public benchmarks live on the public internet, and so do their answers. Models trained on web-scale data may have seen the questions. Labs try to filter them out, with varying rigour and varying transparency.

**Settings.** Scores depend on prompt format, the number of examples given, sampling temperature and how many attempts a model gets. Two labs reporting the same benchmark may be running meaningfully different tests. The footnotes matter; they are rarely read.

**Saturation.** Once top models score in the high 90s on a test, differences sit within noise and partly reflect label errors in the test itself. A gain at the top of a saturated benchmark measures very little.

**Selection.** Launch tables show the benchmarks where a model does well. Nobody is obliged to publish the ones where it doesn't.

>> A benchmark score is a claim about a test. Your job is to find out whether it is also a claim about your work.

## Build a small, boring eval of your own

The most useful evaluation a team can run is also the least glamorous: a few hundred real examples from your own workload, with known good answers or clear grading criteria, run against every candidate model under the settings you actually plan to use.

- Pull examples from real traffic, with sensitive data removed, including the awkward edge cases.
- Write down grading rules before you look at outputs, to avoid grading toward a favourite.
- Track cost and latency alongside quality; a model that is 2 percent better and three times the price is rarely the right choice.
- Re-run the suite whenever a provider updates a model, even a "minor" one.

Using a strong model to grade outputs can speed this up, but spot-check its judgements by hand. Model graders have their own biases, including a fondness for longer answers.

## Reading a launch post sensibly

None of this requires cynicism, just a few habits. Look for independent evaluations rather than self-reported ones. Prefer benchmarks released after the model's training data cut-off. Treat gains of a couple of points as ties unless confidence intervals say otherwise. And give more weight to reports from people doing work similar to yours than to any single number.

The leaderboard will keep moving. Your eval set moves only when your work does, which is exactly what makes it worth more.

*— Tamsin Vale*
""",
    },
    # --------------------------------------------------------------------- MONEY
    {
        "slug": "ai-bookkeeping-side-hustle-small-shops",
        "headline": "The AI-assisted bookkeeper: a side hustle built on receipts, rules and restraint",
        "dek": "Freelancers are using AI tools to tidy the books of small shops. The work is real, the earnings are modest, and the liability stays with the human.",
        "section": "money",
        "kicker": "side hustles",
        "authors": ["priya-lanthorne", "flux-desk"],
        "tags": ["side-hustles", "bookkeeping", "small-business", "workflows"],
        "featured": True,
        "days_ago": 2,
        "hero_alt": "Abstract overlapping paper-white rectangles on a deep green field, suggesting a neat pile of sorted receipts",
        "hero_palette": ["#14532d", "#fef3c7"],
        "body": """\
Ask around small-business forums and you will find a recurring character: someone with a day job, an accounting course or two behind them, and a handful of local clients — a bakery, a bike shop, a hairdresser — whose books they keep in order a few evenings a month. What has changed recently is the toolkit. AI now does much of the sorting; the human does the judgement.

We spoke with several people running versions of this workflow. Their accounts were consistent enough to sketch a typical setup, and candid enough to puncture the more breathless online versions of it.

**A note on numbers:** all earnings figures below are self-reported by the people we interviewed and were not independently verified. Most people who try side hustles like this earn less than the figures quoted, and many earn little or nothing once costs and time are counted.

## The workflow

- **Capture.** Clients photograph receipts and forward invoices to a dedicated inbox. An extraction tool pulls out vendor, date, amount and tax.
- **Categorise.** Bank-feed transactions are matched to receipts and given a suggested category. Over time, client-specific rules ("the Tuesday payment to the flour supplier is cost of goods") do most of the work.
- **Review.** The bookkeeper checks every suggestion flagged as low-confidence, plus a random sample of the rest.
- **Report.** A monthly summary in plain language: what came in, what went out, what looks odd.

One bookkeeper, who works with five retail clients, described the model's role bluntly: it is fast at the first 80 percent and confidently wrong on the rest. Split payments, refunds, owner drawings and anything involving a personal card were the usual trouble spots.

>> The AI can read the receipt. It can't tell you whether the owner should have bought that on the business card.

## What it pays, and what it costs

The people we spoke to reported charging small retail clients a flat monthly fee, typically in the low hundreds of dollars per client, with the most established describing a meaningful second income across several clients. Newer entrants described one or two clients and a monthly total that barely covered their software subscriptions. Again: these are self-reported figures from a small group, not a representative survey.

Costs are easy to overlook: subscriptions for the accounting platform and extraction tools, professional indemnity insurance in many places, and the time spent chasing clients for missing receipts — which every person we interviewed named as the least automatable part of the job.

## The lines you don't cross

In many jurisdictions, bookkeeping is lightly regulated while tax advice and filing may require formal credentials. Several interviewees were firm that they stop at clean books and hand off to a licensed accountant for returns. They also keep client data out of general-purpose chatbots, using tools with clear data terms.

This is a real, modest business for people who are organised and careful. It is not passive income, and the AI is not the bookkeeper. You are.

*Reporting by Priya Lanthorne; edited by Flux Desk.*
""",
    },
    {
        "slug": "product-photo-retouching-workflow",
        "headline": "Retouching product photos with AI: a workflow, a price list and a reality check",
        "dek": "Small online sellers need clean product shots. Freelancers with image tools and a good eye are filling the gap, though for most it is pocket money, not a salary.",
        "section": "money",
        "kicker": "side hustles",
        "authors": ["dev-halloran"],
        "tags": ["side-hustles", "image-editing", "e-commerce", "workflows"],
        "featured": False,
        "days_ago": 11,
        "hero_alt": "Abstract soft white circle casting a long mauve shadow across a pale grey plane, suggesting a product on a clean backdrop",
        "hero_palette": ["#9d174d", "#e5e7eb"],
        "body": """\
A marketplace listing with a cluttered kitchen-table background sells worse than one with a clean, evenly lit product on white. That simple fact has supported freelance retouchers for years. AI image tools have changed the economics: background removal, shadow generation and colour correction that once took a skilled editor several minutes per image now take seconds.

That has cut both ways. It has made the work accessible to more people — and it has made the simplest version of the service nearly worthless, because sellers can do it themselves in a free app.

**On earnings:** the figures in this piece are self-reported by freelancers we interviewed and were not verified. Most people offering this kind of service earn considerably less than the best cases described here, and some find the market too crowded to earn anything meaningful.

## Where the value moved

The freelancers who described steady work were not selling background removal. They were selling consistency and judgement across a whole catalogue.

- **Catalogue consistency.** Matching lighting, angle, crop and shadow across 200 products so a shop looks like a shop, not a jumble sale.
- **Accuracy.** Making sure a mustard-coloured jumper still looks mustard. Automated colour correction can drift, and a returned item costs the seller more than the photo did.
- **Marketplace rules.** Each platform has its own requirements for image size, background and what may appear in the frame.
- **Honest edits.** Removing dust is fine; removing a scratch on a second-hand item is misrepresentation. Good retouchers know the difference and say so.

>> Anyone can remove a background now. Getting 200 product photos to look like they came from the same shop is still a job.

## A typical workflow

One freelancer who works mainly with small homeware and clothing shops described a batch process. The seller shoots on a phone against any plain surface, following a simple lighting guide she provides. She runs the batch through background removal and an automated first pass. Then she corrects each image by hand for colour, edges and shadows, using a reference swatch photographed alongside the products.

She reported charging per image with volume discounts, and said that a large catalogue job could cover a month's rent — while stressing that such jobs are occasional and that many months are much thinner. Others we spoke to described earnings closer to occasional pocket money.

## Before you start

Build a small portfolio of before-and-after pairs, ideally from real sellers you have worked with for free or at a discount. Learn the image guidelines of the marketplaces your clients use. Be explicit in your terms about which edits you will and won't make. And keep an eye on the tools themselves: as marketplaces build more automated editing into their own seller apps, the bottom of this market will keep shrinking. The work that survives is the work that requires taste.

*— Dev Halloran*
""",
    },
    {
        "slug": "niche-newsletter-ai-operations",
        "headline": "Running a niche newsletter with AI as the back office, not the writer",
        "dek": "Independent newsletter operators are automating research, formatting and list hygiene while keeping the writing human. Most still earn little, and say so.",
        "section": "money",
        "kicker": "creator economy",
        "authors": ["tamsin-vale"],
        "tags": ["newsletters", "side-hustles", "workflows", "creator-economy"],
        "featured": False,
        "days_ago": 19,
        "hero_alt": "Abstract cascade of thin indigo lines filtering down to a single bright orange stripe, suggesting many sources distilled into one issue",
        "hero_palette": ["#3730a3", "#f97316"],
        "body": """\
The fantasy version of an AI newsletter business goes like this: pick a niche, have a model write the issues, collect subscription revenue while you sleep. The people actually running small newsletters describe something close to the opposite. They use AI heavily — just not for the part readers pay for.

We spoke with independent operators covering niches including regional planning notices, vintage synthesiser repair and grant deadlines for small arts organisations. Each uses AI tools, and each was emphatic that readers subscribe for their voice and judgement, not for summaries a reader could generate themselves.

**On earnings:** all revenue figures here are self-reported and unverified. The large majority of newsletters never reach meaningful paid revenue, and even the operators we spoke to described years of slow growth.

## The back office, automated

- **Source monitoring.** Scripts watch dozens of sources — council portals, forums, funding bodies — and a model triages new items into "ignore", "maybe" and "read this now".
- **First-pass summaries.** For the "maybe" pile, short summaries let the writer decide what deserves real attention. Nothing goes to readers unedited.
- **Formatting and links.** Checking that every link works, every date is in house style and every image has alt text.
- **List hygiene.** Flagging inactive subscribers, drafting re-engagement emails, and tagging replies by topic so the writer can answer the important ones first.

The planning-notices writer estimated that automation cut her research time roughly in half. She did not reinvest that time in publishing more; she spent it on the phone with sources, which she says is the only part of the newsletter a competitor cannot copy.

>> The machine reads everything so the writer can read the right things. Readers pay for the second part.

## The economics, plainly

Operators described revenue ranging from a few dollars a month to, in the single most established case, something comparable to a part-time salary, built over several years from paid subscriptions and a small number of relevant sponsors. Costs include the email platform, which rises with list size, plus AI tool subscriptions and the occasional paid data source.

Two operators had tried publishing largely AI-written issues in an earlier project. Both said open rates fell within weeks. Readers can tell, they argued, not because the prose is bad, but because it has no opinion.

## What to take from it

If you are thinking about starting a newsletter, the lesson from these operators is to automate the chores ruthlessly and protect the thinking jealously. Choose a niche you already know well enough to have a view, where information is scattered and someone will pay to have it gathered and judged. Then expect it to take a long time — and be pleasantly surprised if it doesn't.

*Reporting by Tamsin Vale; edited by Flux Desk.*
""",
    },
    {
        "slug": "voiceover-localisation-synthetic-voices",
        "headline": "Voiceover localisation with synthetic voices: a workflow that still needs a native ear",
        "dek": "Freelancers are combining machine translation and synthetic speech to localise training videos. Consent, quality control and pricing decide who lasts.",
        "section": "money",
        "kicker": "side hustles",
        "authors": ["priya-lanthorne"],
        "tags": ["voice-ai", "localisation", "side-hustles", "consent"],
        "featured": False,
        "days_ago": 27,
        "hero_alt": "Abstract concentric waveforms in sky blue and tangerine radiating from two offset centres, suggesting one voice in two languages",
        "hero_palette": ["#0284c7", "#fb923c"],
        "body": """\
A ten-minute product training video used to cost a small company real money to localise into five languages: translators, voice actors, studio time, and an editor to sync it all. Synthetic voice tools and machine translation have compressed that pipeline dramatically, and a small group of bilingual freelancers has stepped in to run it.

**On earnings:** figures in this article are self-reported by the freelancers we interviewed and have not been verified. Most people trying this work earn less than the examples here, and income is typically irregular.

## The pipeline

The freelancers we spoke to described a broadly similar process:

- **Transcribe and segment** the source audio, with timestamps, so translated lines can be fitted to the video.
- **Translate** with a machine translation model, then edit by hand. This is where the native-speaker skill is paid for: idiom, register, product terminology, and lines that must be shortened to fit on-screen timing.
- **Synthesise** the voice track, adjusting pacing, pronunciation of brand names and emphasis line by line.
- **Review** the final cut in full, listening for mispronunciations and awkward timing that automated checks miss.

One freelancer who localises software tutorials into Portuguese and Spanish said the translation edit takes longer than everything else combined. Machine translation gets the meaning right most of the time, she said, but training content is full of interface labels, and a mismatch between what the narrator says and what the button on screen says undermines the whole video.

>> The voice is synthetic. The judgement about what it should say is not.

## Consent is not optional

Voice cloning is where this work gets ethically and legally fraught. Every freelancer we interviewed used either stock synthetic voices licensed for commercial use, or cloned voices only with documented, written consent from the speaker — typically the client's own presenter. Several had turned down requests to clone a voice from existing recordings without permission.

Rules differ by jurisdiction and are still changing, and platform terms of service often add restrictions of their own. Anyone doing this work should read the licence for every voice they use, keep consent records, and be clear with clients that the narration is synthetic, especially where viewers might assume otherwise.

## Pricing and positioning

Freelancers reported pricing per finished minute of video per language, with rush fees and a surcharge for technical content. The more successful ones position themselves as localisation specialists rather than voiceover sellers, because clients can buy a synthetic voice directly. What they cannot easily buy is confidence that the result sounds right to a native listener.

The work has obvious limits. Emotional or brand-defining content — adverts, audiobooks, anything where performance matters — still tends to go to human voice actors, and the freelancers we spoke to were comfortable recommending that. Knowing which jobs to turn down is part of the service.

*— Priya Lanthorne*
""",
    },
    # -------------------------------------------------------------------- POLICY
    {
        "slug": "procurement-where-was-this-model-trained",
        "headline": "The procurement form now asks where your model was trained. Few vendors can answer cleanly",
        "dek": "Public bodies and regulated firms are adding model-origin questions to supplier questionnaires. What they ask, why, and what a credible answer looks like.",
        "section": "policy",
        "kicker": "procurement",
        "authors": ["tamsin-vale", "flux-desk"],
        "tags": ["procurement", "model-provenance", "open-weights", "compliance"],
        "featured": True,
        "days_ago": 4,
        "hero_alt": "Abstract map-like patchwork of muted navy and brick-red tiles joined by thin lines, suggesting supply chains crossing borders",
        "hero_palette": ["#1e293b", "#b91c1c"],
        "body": """\
Supplier questionnaires used to ask AI vendors about uptime, security certifications and where customer data is stored. A newer set of questions is appearing alongside them: which model is this product built on, who developed it, where was it trained, and on what data?

Procurement teams at public bodies and regulated companies describe several motivations. Some are responding to security guidance about technology from particular jurisdictions. Some worry about copyright exposure from training data. Some simply want to know what they are buying, because a product's behaviour can change when its vendor quietly swaps the model underneath.

## What the questions look like

The list below is an illustrative composite of common patterns, not any single organisation's form:

- Name the foundation model or models used, including version.
- Identify the developer of each model and the jurisdiction in which it is based.
- State whether the model is used via a third-party API, self-hosted from published weights, or fine-tuned in-house.
- Describe, to the extent known, the sources of training data and any licensing arrangements.
- Explain how you will notify us if the underlying model changes.

The difficulty is that many vendors genuinely cannot answer all of these. An application built on a hosted API may know the model name but little about its training data beyond what the developer has published. A product built on open weights may know exactly which file it downloaded, but the upstream lab's disclosures about data can be thin.

>> "We use a leading model" is no longer an answer. Procurement wants a name, a version and a notice period.

## Open weights complicate the picture

Open-weight models have made the origin question both easier and harder. Easier, because a buyer can see exactly which model is in use, and the vendor can run it in a chosen region on chosen hardware. Harder, because the developer's jurisdiction and the hosting jurisdiction are now separate facts, and questionnaires often conflate them.

A model developed in one country can be self-hosted entirely in another, with no data flowing back to the developer. Whether that satisfies a given policy depends on what the policy is trying to prevent: data exfiltration, unwanted embedded behaviour, supply-chain dependency, or reputational exposure. Good questionnaires say which concern they are addressing. Many don't.

## What a credible vendor answer includes

Vendors who handle these questions well tend to maintain a living document, sometimes called a model bill of materials, listing every model in the product with its version, developer, licence, hosting location and the date it last changed. They state plainly what they don't know about training data rather than guessing. And they commit contractually to advance notice before swapping models.

For buyers, the advice is to ask fewer, sharper questions tied to a stated risk — and to accept "unknown" as an answer where the upstream developer hasn't disclosed. An honest unknown is more useful than a confident guess.

Expect these questions to spread. Once one large buyer in a sector adds them, the others tend to follow.

*Reporting by Tamsin Vale; edited by Flux Desk.*
""",
    },
    {
        "slug": "ai-disclosure-labels-compliance",
        "headline": "Labelling AI-generated content: what a compliance team actually has to build",
        "dek": "Disclosure obligations for synthetic media are spreading. The hard part isn't the label; it's knowing which content needs one.",
        "section": "policy",
        "kicker": "regulation",
        "authors": ["oskar-brightwater"],
        "tags": ["regulation", "disclosure", "synthetic-media", "compliance"],
        "featured": False,
        "days_ago": 16,
        "hero_alt": "Abstract field of small grey tiles, a scattering of them tagged with bright cyan corners, suggesting labelled items in a large archive",
        "hero_palette": ["#475569", "#22d3ee"],
        "body": """\
Rules requiring disclosure of AI-generated or AI-manipulated content are arriving from several directions at once: legislation in some jurisdictions, platform policies, advertising standards and industry codes. The details vary and are still settling, and nothing here is legal advice. But the operational problem they create is remarkably consistent, and it is not the one most people expect.

Adding a label that says "made with AI" is trivial. Knowing, reliably and at scale, which pieces of content need one is not.

## The inventory problem

A mid-sized marketing team might produce thousands of assets a month: images, short videos, product descriptions, social posts, email copy. AI tools now touch many of them in ways that range from generating a whole image to nudging the colour balance. Most disclosure rules care about the former and not the latter, with a grey zone in between.

Compliance teams we spoke with describe building, in effect, a provenance log: a record, attached to each asset, of which tools touched it and how. Without that, every labelling decision becomes an after-the-fact investigation.

- **Capture at creation.** The cheapest moment to record AI involvement is when the asset is made. Templates and tool integrations that log this automatically beat asking staff to remember.
- **Define thresholds.** Write down, with examples, what counts as "generated", "materially altered" and "assisted". Ambiguity is where inconsistency creeps in.
- **Preserve metadata.** Content-credential standards that embed provenance data in files exist and are gaining support, but metadata is often stripped when files are resized or re-uploaded. Test your pipeline end to end.
- **Audit samples.** Periodically check published content against the log.

>> The label is one line of text. The system that knows when to apply it is the actual compliance project.

## Where teams trip up

The most common failure, several practitioners said, is third-party content. Agencies, freelancers and stock libraries supply assets whose AI history is unknown. Contracts increasingly require suppliers to declare AI use, but enforcement is patchy, and a declaration is only as good as the supplier's own records.

The second is over-labelling. Some organisations, unsure where the lines fall, label everything. That may feel safe, but it dilutes the signal for audiences and can misrepresent genuinely human work, which creates a trust problem of its own.

## A sensible starting point

For teams beginning this work, practitioners suggested a modest sequence: inventory the AI tools in use across the organisation, agree internal definitions with legal counsel, add provenance capture to the two or three highest-volume content workflows, and only then roll out a labelling policy. Trying to solve the whole catalogue at once tends to stall.

The rules will keep shifting. A provenance log built now turns each new requirement into an update to a policy rather than a scramble through an archive.

*— Oskar Brightwater*
""",
    },
    {
        "slug": "open-weight-licences-fine-print",
        "headline": "Open-weight is not open source: reading a model licence before you ship",
        "dek": "Model licences range from permissive to heavily conditioned. Usage policies, scale thresholds and naming rules can bite a product long after the prototype.",
        "section": "policy",
        "kicker": "licensing",
        "authors": ["flux-desk"],
        "tags": ["licensing", "open-weights", "Llama", "Mistral"],
        "featured": False,
        "days_ago": 33,
        "hero_alt": "Abstract dense block of fine sand-coloured lines with a single olive line highlighted, suggesting a clause buried in small print",
        "hero_palette": ["#d6d3d1", "#4d7c0f"],
        "body": """\
"Open" is doing a lot of work in AI marketing. A model whose weights can be downloaded may be released under a standard permissive software licence, under a custom licence with meaningful restrictions, or under terms that forbid commercial use altogether. All of these get described, somewhere, as open.

For a team building a product, the distinction matters more than the philosophical debate. A licence condition missed at the prototype stage can become a legal review, a re-platforming project, or an awkward conversation with a customer's procurement team a year later.

## Clauses worth finding before you build

Nothing here is legal advice, and licence terms can change between model versions, so always read the specific licence for the specific version you use. But the clauses that tend to matter fall into recognisable patterns:

- **Commercial-use restrictions.** Some licences permit research use only, or require a separate agreement for commercial deployment.
- **Scale thresholds.** Some custom licences add conditions above a certain number of users or a revenue level.
- **Acceptable-use policies.** Many licences incorporate a separate policy listing prohibited uses. These can be updated, and some licences bind you to the current version.
- **Attribution and naming.** Requirements to credit the model, or to include its name in the names of derivative models.
- **Outputs and derivatives.** Conditions on using a model's outputs to train other models, or on distributing fine-tuned versions.
- **Termination.** What triggers loss of the licence, and what happens to your deployed product if it ends.

>> The licence is part of the model. If you haven't read it, you don't know what you've downloaded.

## Fine-tunes inherit their parents

A common source of confusion is fine-tuned models shared on public model hubs. A fine-tune is generally bound by its base model's licence, whatever licence tag the fine-tuner attached. A community model labelled with a permissive licence may sit on top of a base model with stricter terms. Trace the lineage back to the original release.

Datasets used for fine-tuning carry their own terms, too, and those can matter if you redistribute the resulting model.

## Build a licence register

The teams that handle this well keep a simple register: every model and dataset in use, its version, the licence text as of download (saved, not linked), the key obligations in plain language, and the person responsible for watching for changes. It takes an hour to start and saves far more when a customer's lawyer starts asking.

When two candidate models perform similarly on your evaluations, licence terms are a legitimate tiebreaker. A slightly weaker model under clean, permissive terms can be the better business decision — particularly if you might one day want to fine-tune it, redistribute it, or sell to buyers who will read the licence even if you didn't.

*— Flux Desk*
""",
    },
    # ------------------------------------------------------------------- CULTURE
    {
        "slug": "newsroom-ai-style-guide",
        "headline": "Inside a newsroom's AI style guide: what reporters may automate, and what they may not",
        "dek": "Newsroom rules for AI use now read less like tech policy and more like ethics codes. We looked at the provisions that keep turning up.",
        "section": "culture",
        "kicker": "media",
        "authors": ["dev-halloran"],
        "tags": ["newsrooms", "journalism", "editorial-policy"],
        "featured": False,
        "days_ago": 7,
        "hero_alt": "Abstract newsprint-grey columns interrupted by a single vermilion vertical rule, suggesting a line drawn through a page",
        "hero_palette": ["#52525b", "#ea580c"],
        "body": """\
When newsrooms first published policies on generative AI, many were short and defensive: no AI-written articles, no AI images, check everything. The more recent generation of newsroom guidance is longer, more specific and more interesting, because it has been shaped by a couple of years of actual use.

We looked at common provisions in publicly shared newsroom guidance and talked with editors at several regional and specialist outlets. What follows is a composite of the patterns, not any one outlet's rules.

## The permitted list keeps growing

Most newsroom guidance now distinguishes between AI as a research and production aid and AI as an author. The aid column has lengthened:

- Transcribing interviews, with the reporter checking every quote against the recording before publication.
- Summarising long public documents — budgets, court filings, planning applications — to find where to look, not what to write.
- Suggesting headlines and social copy, which an editor then chooses or rewrites.
- Translating source material for a reporter's understanding, with a human translator for anything quoted.
- Tagging and organising archives.

## The prohibited list is about trust

The prohibitions cluster around a single idea: readers must be able to trust that what is presented as reported fact was reported by a person accountable for it.

Common rules include no publishing AI-generated text as a reporter's work; no AI-generated or manipulated photographs presented as news images; no entering confidential source material into tools whose data terms allow retention or training; and mandatory disclosure when AI played a substantive role in producing published content.

>> The rules that matter most aren't about the technology. They're about who is accountable when something is wrong.

Several editors said the hardest line to draw concerns illustration. Many outlets now permit clearly labelled AI-generated illustrations for opinion or explainer pieces while banning them alongside news reporting, where readers might mistake them for photographs.

## Enforcement is cultural

Editors were candid that policies alone do not prevent mistakes. A transcription tool that mishears a name, a summary that omits a crucial caveat in a court document, a headline suggestion that overstates a finding — each is caught, or not, by the habits of the person using the tool.

The outlets that described the fewest incidents invested in training rather than just rules: short sessions showing reporters concrete failure cases, a named editor to ask when in doubt, and a norm that raising a question about AI use is never treated as an accusation. One editor said her desk keeps a running document of near-misses, shared without blame, which she considers more useful than the policy itself.

There is a commercial subtext, too. Newsrooms under financial pressure face the temptation to use AI to produce more with fewer people. The guidance we reviewed generally draws the line at replacing reporting, but budgets will test those lines. Readers will notice if they move.

*Reporting by Dev Halloran; edited by Flux Desk.*
""",
    },
    {
        "slug": "make-money-with-ai-video-economy",
        "headline": "The 'make money with AI' video economy: who actually gets paid",
        "dek": "Tutorials promising passive income from AI tools are a genre of their own. Often the most reliable earner in the story is the person selling the course.",
        "section": "culture",
        "kicker": "hustle culture",
        "authors": ["tamsin-vale"],
        "tags": ["creator-economy", "side-hustles", "media-literacy"],
        "featured": False,
        "days_ago": 22,
        "hero_alt": "Abstract bright gold arrow shooting upward out of a dim purple funnel, suggesting a promise drawn from a sales funnel",
        "hero_palette": ["#581c87", "#eab308"],
        "body": """\
Search any video platform for ways to make money with AI and you will find a genre with remarkably stable conventions: a screen recording of a dashboard showing revenue, a promise that no experience is needed, a workflow involving two or three AI tools, and a link in the description. This magazine covers side hustles seriously, which is exactly why the genre deserves scrutiny.

## Anatomy of the pitch

The videos vary by niche — print-on-demand designs, faceless video channels, AI-written ebooks, automated agencies — but the structure repeats.

- **The proof screenshot.** A revenue figure, rarely with costs, refunds, hours spent or the months before it. Revenue is not profit, and a single good month is not an income.
- **The low-effort claim.** "Ten minutes a day." The practitioners we interview for our Money section describe hours of review, client communication and quality control.
- **The tool stack.** Often with affiliate links, so the creator earns whenever a viewer subscribes, whether or not the viewer ever earns anything.
- **The upsell.** A course, community or template pack. For many creators in the genre, this is the actual business.

>> If the workflow were as profitable as the video claims, selling a course about it would be a strange use of the creator's time.

## Saturation is built in

Even when a method worked for the presenter, publicising it to a large audience tends to destroy it. If thousands of viewers start listing AI-generated colouring books on the same marketplace in the same week, prices and visibility collapse. Marketplaces have also responded to floods of low-effort content with listing limits, disclosure requirements and quality filters, which can make yesterday's tutorial obsolete.

Sellers who have tried these methods and posted their results in forums describe outcomes that look nothing like the thumbnails: small sales, subscription costs that outrun revenue, and accounts penalised for policy violations they didn't know existed. Those accounts are self-reported too, but the pattern is consistent.

## How to watch these videos

We are not suggesting that nobody earns money with AI tools — our Money section exists because some people do, usually modestly and with real effort. But a few questions sort the useful content from the noise:

- Does the creator show costs and time, not just revenue?
- Do they describe failures, or only wins?
- Does the method survive many people doing it, or is it a gap that closes once publicised?
- Is the real product the course?
- Does the workflow depend on a platform policy that could change next month?

The workflows we find worth covering share a trait: they involve a specific skill — bookkeeping, translation, an eye for photographs, deep knowledge of a niche — that AI makes faster rather than unnecessary. If a video's pitch is that you need no skill at all, the skill being sold is probably the presenter's.

*— Tamsin Vale*
""",
    },
    {
        "slug": "dont-call-them-prompt-engineers",
        "headline": "Don't call them prompt engineers: the quiet professionalisation of working with models",
        "dek": "The job title that briefly defined AI hype has faded. The skills behind it have spread into ordinary roles, where they look more like writing and testing.",
        "section": "culture",
        "kicker": "work",
        "authors": ["priya-lanthorne"],
        "tags": ["prompting", "future-of-work", "skills"],
        "featured": False,
        "days_ago": 45,
        "hero_alt": "Abstract pale turquoise speech-bubble shape dissolving into a tidy grid of small rose squares, suggesting words becoming tests",
        "hero_palette": ["#5eead4", "#be123c"],
        "body": """\
For a short period, "prompt engineer" was the most talked-about job title in technology, attached to eye-catching salary claims and a fair amount of mockery. The title has largely faded from job boards. The work it described has not; it has dissolved into other roles, where it looks less like incantation and more like two older disciplines: clear writing and careful testing.

## From magic words to specifications

Early prompting folklore was full of tricks — particular phrases, role-play framings, threats and bribes addressed to the model. As models have become better at following plain instructions, most of those tricks have stopped mattering much. What still matters is what matters in writing a brief for a human contractor: saying exactly what you want, giving the relevant context, showing an example of a good result, and stating what to do when the input is unusual.

People who now do this well come from surprising places. Technical writers, support team leads, paralegals and teachers — professions built on explaining things precisely to someone who lacks your context — describe adapting quickly.

>> The best prompt writers we met didn't think of themselves as engineers. They thought of themselves as editors with a test suite.

## The testing half

The other half of the job is less visible. A prompt that works on five examples may fail on the five hundredth. Practitioners inside companies describe maintaining sets of test inputs, running every prompt change against them, and tracking results over time, much as a developer runs a test suite before merging code.

- **Version control** for prompts, so a change can be traced and reversed.
- **Test sets** that include awkward cases: empty inputs, hostile inputs, inputs in another language.
- **Review** of prompt changes by a second person, especially for customer-facing features.
- **Monitoring** of live outputs, because model updates can change behaviour under an unchanged prompt.

This is unglamorous work, and that is partly why the title faded: it turned out to be a set of habits rather than a distinct profession.

## What it means for careers

For individuals, the lesson is mildly reassuring. The skill that makes someone effective with these tools is not a secret vocabulary that will be obsolete next year. It is clarity, domain knowledge and the discipline to check results — skills that transfer between tools and, for that matter, between careers.

For employers, it suggests that the people best placed to make AI features work may already be on the payroll, in roles nobody thought of as technical. The teams we spoke with that had the most success put domain experts and engineers in the same room: the experts writing and judging prompts, the engineers building the harness that tests them.

The hype cycle wanted a new priesthood. What arrived instead was a new line on many existing job descriptions, which is how most genuinely useful technologies end up.

*— Priya Lanthorne*
""",
    },
]

# Drafts on the desk: what a new editor finds half-written when they first log in.
DRAFTS = [
    {
        "slug": "draft-what-agents-cost-a-small-agency",
        "headline": "What coding agents actually cost a five-person agency",
        "dek": "Seat prices are the easy part. We asked for the invoices, the retries and the review hours.",
        "section": "money",
        "kicker": "draft",
        "authors": ["dev-halloran"],
        "tags": ["coding-agents", "costs"],
        "hero_alt": "Abstract ochre and charcoal bands crossing at a shallow angle",
        "hero_palette": ["#92400e", "#1f2937"],
        "body": """\
The agency's owner opened her billing dashboard before she opened her laptop bag. "Everyone asks
what the tools cost," she said. "Nobody asks what the mistakes cost."

## The visible bill

Five seats on a coding assistant, two agent subscriptions with usage caps, and a metered API key
for the overnight jobs. In a typical month the visible bill was a little under the price of one
junior contractor's week.

## The invisible one

[Notes: retries on long tasks; the Friday when an agent rewrote a config nobody asked it to touch;
review time per merged change. Get numbers from the second agency before this runs.]

>> The tools pay for themselves on the boring tickets. The interesting tickets are where they cost you.
""",
    },
    {
        "slug": "draft-reading-a-model-card",
        "headline": "How to read a model card in ten minutes",
        "dek": "Five sections that matter, three you can skim, and the one number you should always check twice.",
        "section": "models",
        "kicker": "draft",
        "authors": ["tamsin-vale"],
        "tags": ["model-cards", "evaluation"],
        "hero_alt": "",
        "hero_palette": None,
        "body": """\
Model cards have grown from a page to a small book. Most readers need ten minutes of it.

## Start with the intended use

[Outline: intended use; training data summary; evaluation tables (which benchmarks, which
settings); known limitations; licence. Ask Priya for the licence paragraph.]
""",
    },
]
