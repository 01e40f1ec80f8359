"""Original sample content written for this project (no third-party text).

Pure data for the ``seed_demo`` management command: authors, topics, sources, essays with
footnotes, and reader comment threads. Every person, outlet, organisation, document and
quotation here is fictional; URLs point at example.org / example.com only.

Conventions:

* ``days_ago`` on an essay sets ``publish_at = now - days_ago``; a negative value schedules the
  essay in the future. On a comment it is how long ago the comment was posted.
* Footnote markers in a body are ``[^label]``; each essay's ``footnotes`` list defines exactly
  the labels its body uses, in order of first appearance.
* Essay bodies are module-level constants so their Markdown starts at column 0 (indentation
  would turn paragraphs into code blocks).
"""

# ---------------------------------------------------------------------------------------------
# Authors and topics
# ---------------------------------------------------------------------------------------------

AUTHORS = [
    {
        "slug": "halima-okafor",
        "name": "Halima Okafor",
        "bio": (
            "Halima Okafor writes about water, infrastructure and the institutions that "
            "share them. She spent a decade as an adviser to river basin commissions before "
            "turning to analysis full time."
        ),
    },
    {
        "slug": "tobias-lindqvist",
        "name": "Tobias Lindqvist",
        "bio": (
            "Tobias Lindqvist covers public finance, with a particular interest in how small "
            "governments borrow. He previously worked on the municipal desk of a regional "
            "investment bank."
        ),
    },
    {
        "slug": "priya-venkataraman",
        "name": "Priya Venkataraman",
        "bio": (
            "Priya Venkataraman studies the economics of shared knowledge institutions, from "
            "public libraries to genetic repositories."
        ),
    },
    {
        "slug": "marguerite-osei",
        "name": "Marguerite Osei",
        "bio": (
            "Marguerite Osei is a historian of science and technology who writes about "
            "energy systems and the long history of prediction."
        ),
    },
]

TOPICS = [
    {
        "slug": "water",
        "name": "Water and Rivers",
        "description": "How shared water is measured, allocated, fought over and governed.",
    },
    {
        "slug": "public-finance",
        "name": "Public Finance",
        "description": "Taxes, borrowing and the budgets behind public services.",
    },
    {
        "slug": "infrastructure",
        "name": "Infrastructure",
        "description": (
            "The physical systems that move goods, water and power, and what happens when "
            "they fail."
        ),
    },
    {
        "slug": "knowledge-commons",
        "name": "Knowledge Commons",
        "description": (
            "Libraries, archives, repositories and the economics of keeping things available "
            "to everyone."
        ),
    },
    {
        "slug": "energy",
        "name": "Energy",
        "description": "Power grids, storage and the markets that decide what gets built.",
    },
    {
        "slug": "history-of-science",
        "name": "History of Science",
        "description": "How past generations learned to measure, model and predict the world.",
    },
]

# ---------------------------------------------------------------------------------------------
# Sources (all fictional). Keys are referenced by essay footnotes below.
# ---------------------------------------------------------------------------------------------

SOURCES = [
    # --- Cited by "arithmetic-of-a-shared-river" ---
    {
        "key": "reuters-downstream-losses",
        "kind": "news",
        "authors": ["Reuters"],
        "title": "Downstream farmers count losses as upstream reservoir fills during dry summer",
        "container": "Reuters",
        "publisher": "",
        "date": "2019-08-14",
        "url": "https://example.org/news/reuters/downstream-farmers-count-losses",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "halvorsen-rivers",
        "kind": "book",
        "authors": ["Ingrid Halvorsen"],
        "title": "Rivers Without Borders: Allocation, Trust and the Design of Water Treaties",
        "container": "",
        "publisher": "Northfield University Press",
        "date": "2016",
        "url": "",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "basin-commission-review",
        "kind": "report",
        "authors": ["Joint Basin Commission Secretariat"],
        "title": "Thirty Years of Allocation Performance: A Review of Flows and Entitlements",
        "container": "",
        "publisher": "Joint Basin Commission",
        "date": "2021-03",
        "url": "https://example.org/reports/joint-basin-commission/allocation-review",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "nwosu-brandt-shares",
        "kind": "journal",
        "authors": ["Adaeze Nwosu", "Karl Brandt"],
        "title": (
            "Percentage Shares versus Fixed Volumes: Drought Risk in Transboundary Allocation Rules"
        ),
        "container": "Journal of Hydro-Diplomacy",
        "publisher": "",
        "date": "2018",
        "url": "",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "meridian-gauges",
        "kind": "news",
        "authors": ["Sofia Castellanos"],
        "title": "The Politics of the River Gauge",
        "container": "The Meridian Review",
        "publisher": "",
        "date": "2020-11",
        "url": "https://example.org/meridian-review/politics-of-the-river-gauge",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "tesfaye-interview",
        "kind": "interview",
        "authors": ["Rahel Tesfaye"],
        "title": "Interview with a retired basin hydrologist",
        "container": "",
        "publisher": "",
        "date": "2022-05-09",
        "url": "",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "twdc-methodology",
        "kind": "web",
        "authors": ["Transboundary Waters Data Collaborative"],
        "title": "Shared Basin Data Portal: Methodology and Revision Policy",
        "container": "Shared Basin Data Portal",
        "publisher": "",
        "date": "",
        "url": "https://example.org/twdc/portal/methodology",
        "archived_url": "",
        "accessed": "2024-02-18",
    },
    {
        "key": "ferreira-clauses",
        "kind": "other",
        "authors": ["Lucas Ferreira"],
        "title": "Model Dispute-Resolution Clauses for Water Agreements (working paper)",
        "container": "",
        "publisher": "Centre for Environmental Law and Governance",
        "date": "2017",
        "url": "",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "gazette-dredging",
        "kind": "news",
        "authors": ["Lena Sørensen"],
        "title": "Canal authority shelves dredging plan after dry spring",
        "container": "The Lowland Gazette",
        "publisher": "",
        "date": "2023-04-27",
        "url": "https://example.org/lowland-gazette/canal-authority-shelves-dredging",
        "archived_url": (
            "https://example.org/archive/2023/lowland-gazette/canal-authority-shelves-dredging"
        ),
        "accessed": "2023-05-02",
    },
    {
        "key": "basin-futures-projections",
        "kind": "report",
        "authors": ["Institute for Basin Futures"],
        "title": "Projected Flow Ranges for Shared Rivers to 2060",
        "container": "",
        "publisher": "Institute for Basin Futures",
        "date": "2023-10",
        "url": "",
        "archived_url": "",
        "accessed": "",
    },
    # --- Cited by "borrowing-at-human-scale" ---
    {
        "key": "fenwick-liquidity",
        "kind": "journal",
        "authors": ["Miriam Fenwick"],
        "title": "Liquidity Premia in Thinly Traded Municipal Debt",
        "container": "Quarterly Review of Public Finance",
        "publisher": "",
        "date": "2019-06",
        "url": "",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "civic-ledger-downgrade",
        "kind": "news",
        "authors": ["Daniel Achterberg", "Rosa Mendel"],
        "title": "Why a one-notch downgrade costs a small town more than a city",
        "container": "The Civic Ledger",
        "publisher": "",
        "date": "2021-09-02",
        "url": "https://example.org/civic-ledger/one-notch-downgrade",
        "archived_url": "",
        "accessed": "",
    },
    {
        "key": "treasurers-small-issuers",
        "kind": "report",
        "authors": ["Association of Local Treasurers"],
        "title": "Small Issuers in the Municipal Market: Costs, Access and Capacity",
        "container": "",
        "publisher": "Association of Local Treasurers",
        "date": "2022",
        "url": "https://example.org/reports/local-treasurers/small-issuers",
        "archived_url": "",
        "accessed": "",
    },
]

# ---------------------------------------------------------------------------------------------
# Essay bodies (Markdown). Kept at column 0 so indentation does not create code blocks.
# ---------------------------------------------------------------------------------------------

# Long essay (~2,000 words), lower-roman notes.
_SHARED_RIVER_BODY = """\
Every dry summer, somewhere on a shared river, a farmer learns what a water treaty means by
looking at the level in an irrigation ditch. The agreement may be decades old and signed
hundreds of kilometres away by people who never saw that ditch, but its arithmetic arrives
there all the same. When the reservoir upstream is filling and the ditch is not, the treaty
stops being a diplomatic artefact and becomes a household budget.[^1]

It is tempting to read each of these moments as a story about power: the upstream state
holds the tap, and the downstream state holds a grievance. Power matters. But after several
years of reading allocation agreements and the minutes of the commissions that administer
them, I have come to think that most disputes over shared rivers begin somewhere duller and
more fixable. They begin with numbers that were reasonable on the day of signing and a
little less reasonable every year after.

## The promise of a fixed number

The oldest and still the most common way to divide a river is by volume. One party receives
so many cubic metres a year; the other receives a second fixed quantity, or whatever
remains. The attraction is obvious. A fixed volume is legible to legislators and farmers
alike, it can be written straight into domestic water law, and it gives each side something
that looks and feels like property.[^halvorsen-intro]

It also encodes an assumption that is almost never written down: that the river will go on
delivering, on average, roughly what it delivered during the years the negotiators studied.
Many agreements were drafted from flow records covering two or three decades, sometimes
fewer, and sometimes from an unusually wet run of years.[^2] A volume that was a comfortable
share of a wet decade can be most of the river in a dry one.

Ingrid Halvorsen, whose comparative study of allocation clauses is the closest thing this
field has to a standard reference, describes the result as a *baseline trap*: the treaty
freezes a hydrological snapshot and then treats every later departure from it as a breach
rather than as weather.[^halvorsen-12] The trap is not that the negotiators were careless.
It is that they were precise about the wrong thing.

The consequences are easy to describe in the abstract and painful in practice. When a
drought cuts natural flow by a third, a fixed-volume treaty does not share the loss. It
assigns it, often in full, to whichever party is entitled to "the remainder". Upstream
users, who draw first, may see no change at all. Downstream users absorb the whole
shortfall, and they absorb it in exactly the season when they have the fewest alternatives.

## What the records show

The best evidence on how this plays out comes, perhaps surprisingly, from the institutions
that run the treaties. One joint basin commission recently published a review of three
decades of its own allocation performance.[^commission] Its findings deserve attention
precisely because the commission had every incentive to report success.

In nineteen of the thirty years reviewed, both parties received their full entitlement. In
seven, the downstream party fell short by less than a tenth. In the remaining four, all of
them drought years, the shortfall exceeded a quarter of the entitlement, and in one year it
approached half.[^3]

These figures are not evidence of bad faith. In most of the shortfall years the upstream
party released more water than its own domestic law strictly required of it. They are
evidence of a design problem: an agreement that performs well in ordinary years and fails
abruptly in the years that matter most. Averages conceal this. A treaty that delivers its
promised volume ninety per cent of the time sounds robust until one notices that the other
ten per cent is when people lose harvests.

Broadly, negotiators have three tools for dealing with a river that will not hold still:

1. **Proportional shares**, which divide whatever flow arrives by an agreed percentage
   rather than promising a fixed volume.
2. **Drought clauses**, which keep fixed volumes in normal years but switch to a reduced
   schedule when flow at an agreed gauge falls below a threshold.
3. **Banking and borrowing**, which let a party that receives less than its entitlement
   carry a credit forward, to be settled when flows recover.

Each has advocates, and each has a characteristic way of failing.

## Percentages are not a panacea

Proportional shares have an appealing symmetry: everyone is wet together and everyone is dry
together. In a large comparative modelling exercise, Adaeze Nwosu and Karl Brandt found that
percentage-based rules substantially reduced the frequency of formal disputes compared with
fixed-volume rules.[^nwosu] But the same work found that they did much less to reduce the
*severity* of hardship, because a fair percentage of a very small river is still very little
water, and the downstream party usually has fewer reservoirs and thinner groundwater
reserves to fall back on.[^4]

There is a subtler problem as well. A percentage has to be a percentage *of* something,
measured *somewhere*. A fixed-volume treaty can be monitored with a meter at the border. A
proportional treaty needs an agreed estimate of total natural flow, which means agreeing on
how much water was diverted, stored or lost to evaporation upstream before it reached any
gauge at all. That estimate is a model, and models have owners.

## The politics of the gauge

The unglamorous question of where flow is measured, by whom, and how often turns out to
carry a great deal of political weight. The Meridian Review reported on a case in which a
gauging station was moved a few kilometres upstream for sound engineering reasons, and in
doing so quietly changed which tributary inflows counted towards one party's share.[^gauges]
No one acted in bad faith; everyone noticed.

A retired basin hydrologist I interviewed for this essay put the point more plainly than any
treaty text does. In her experience, the consequential meetings were rarely the ministerial
ones. They were the technical sessions at which the rating curve for a single gauge, the
relationship between water level and discharge, was revised after a flood had reshaped the
channel.[^tesfaye] A change of a few per cent in that curve could move more water on paper
than a year of negotiation.

This is why the most promising development in transboundary water management over the past
decade has not been a new legal doctrine but a change in how data is handled. Shared portals
that publish gauge readings, rating curves and the methodology behind them in near real time
make it harder for either side to suspect the other of adjusting the numbers.[^portal] They
do not remove disagreement. They move it from suspicion about the data to argument about its
meaning, which is a far better place to have it.

## Drought clauses and the problem of the trigger

If proportional shares are hard to measure, drought clauses are hard to trigger. The idea is
simple: keep the certainty of fixed volumes in normal years, and agree in advance on a
reduced schedule for dry ones. The difficulty lies in deciding, in a way both parties will
accept in the middle of a crisis, that a dry year has begun.

Consider a clause of the following kind. The wording is illustrative, drafted for this essay
rather than taken from any agreement:

> Where the mean flow recorded at the agreed gauge over any ninety consecutive days falls
> below sixty per cent of the long-term mean for the same period, the allocations in
> Schedule A shall be replaced by those in Schedule B, and shall be restored only when the
> mean flow over a subsequent thirty days exceeds seventy-five per cent of that long-term
> mean.

Almost every phrase in that sentence is a negotiating position. *Ninety consecutive days*
trades responsiveness against the risk of triggering on a short dry spell. *The long-term
mean* begs the question of which years count, which is the baseline trap again in a
different costume. The gap between the sixty per cent trigger and the seventy-five per cent
release is deliberate: without it, a river hovering near the threshold would flip the treaty
back and forth between schedules every few weeks. Lucas Ferreira's working paper on model
dispute clauses is especially good on this kind of hysteresis, and on the way that poorly
chosen thresholds create an incentive to dispute the measurement rather than the
allocation.[^5]

## Banking, borrowing and trust

The third tool, carrying credits and debts from one year to the next, is the most flexible
and the most dependent on trust. It works well between parties who expect to deal with each
other for a long time and who believe the ledger will be honoured. It works badly when a
debt accumulated in a drought must be repaid in a year when the creditor also needs the
water, or when a change of government upstream brings leaders who regard the ledger as their
predecessors' problem.

Local reporting from one delta region captures the texture of this. After a dry spring, a
canal authority shelved a long-planned dredging programme because it could not be sure that
water owed from the previous season would actually arrive.[^gazette] The postponement was
rational. It also meant that when the water did arrive, the canals were less able to carry
it.

Halvorsen makes a related point: the value of a banking provision depends less on its
drafting than on whether the institution that keeps the accounts is seen as neutral.[^6] A
well-written clause administered by a commission that either party suspects of partisanship
is worth less than a crude one administered by a body both sides trust.

## What a better treaty looks like

None of this argues for abandoning fixed numbers. Farmers, utilities and parliaments need
figures they can plan around, and an agreement that promises only "a fair share of whatever
arrives" will not survive a domestic ratification debate. The argument is for treating
numbers as things that will need to change, and for writing the machinery of change into the
agreement from the start.

In practice, that points to a small set of design principles:

- **Fixed volumes with a written expiry on the baseline.** Allocations can stay fixed, but
  the hydrological record on which they rest should be formally revisited on a schedule,
  perhaps every ten or fifteen years, rather than only after a crisis.
- **Drought schedules agreed in calm years.** The reduced allocations, and the trigger that
  activates them, should be negotiated when no one is short of water.
- **Shared, published data.** Gauge readings, rating curves and revisions to either should
  be public by default, with the methodology documented well enough for an outside
  hydrologist to reproduce the numbers.
- **A neutral ledger.** Where banking is allowed, the accounts should be kept by a body
  whose independence is protected in the text, not merely assumed.

The commission review discussed earlier is candid that its own agreement has only the last
of these, and only in part.[^commission] It is also candid about the direction of travel.
Projections for many shared basins suggest not only lower average flows in the decades ahead
but wider swings from year to year, which is precisely the combination that fixed-volume
treaties handle worst.[^7] A treaty designed around the rivers of the late twentieth century
will increasingly be asked to govern rivers that no longer behave that way.

## The ditch, again

It is worth returning, finally, to the irrigation ditch. The farmer watching the water level
there does not care whether the shortfall is explained by a baseline trap, a badly specified
trigger or a revised rating curve. What matters is whether the loss was foreseeable, whether
it was shared, and whether anyone will make it good. Those three questions map surprisingly
well onto the design choices above.

Reporting on shared rivers over the last decade has been dominated by dams, and
understandably so: a new reservoir is visible, dramatic and easy to attribute.[^8] But the
quieter work of fixing the arithmetic, writing baselines that expire, triggers that are
agreed in advance and ledgers that both sides can read, will probably do more to keep water
flowing to that ditch than any single structure. It is not glamorous work. It is the part of
diplomacy that happens in spreadsheets. It is also the part most likely to still be working
in a dry year thirty years from now.

Readers who want the underlying figures will find the commission's review and the shared
data portal listed on our [sources page for this
essay](https://example.org/marginalia/shared-river-sources).
"""

# Medium essay (~1,000 words), arabic notes.
_MUNICIPAL_BONDS_BODY = """\
When a town of eight thousand people needs a new water treatment plant, it does what
governments have done for centuries: it borrows. It issues bonds, promises to repay them
from taxes or water bills, and spreads the cost of a forty-year asset across the forty years
of residents who will use it. In principle this is one of the most sensible things a local
government can do. In practice, small issuers pay a premium that is hard to explain by their
likelihood of default alone.

## A safe borrower that pays like a risky one

Municipal defaults are rare, and defaults on <abbr title="general obligation">GO</abbr>
bonds, which are backed by the issuer's full taxing power, are rarer still. Yet small
issuers routinely pay noticeably higher yields than large issuers with the same credit
rating. Miriam Fenwick's study of thinly traded municipal debt attributes much of that gap
not to credit risk but to liquidity: investors want to be compensated for holding a bond
they may struggle to sell before it matures.[^1]

The distinction matters for policy. If the premium reflected a genuine danger of default,
the right response would be tighter budgeting and better reserves. If it reflects the
structure of the market, the right response is to change the structure, and no amount of
local virtue will do that on its own.

## Where the premium comes from

Several features of the market compound against small borrowers:

- **Infrequent issuance.** A town that borrows once a decade has no established following
  among investors and no recent price history for buyers to anchor on.
- **Small deal sizes.** The fixed costs of legal counsel, disclosure documents and a credit
  rating are spread over fewer units of debt, so the cost per unit borrowed rises sharply.
- **Thin secondary trading.** A bond that changes hands a few times a year is hard to value,
  and dealers widen their spreads to protect themselves.
- **Limited staff.** A finance office of two people can meet its legal disclosure
  obligations but rarely has time to explain its credit to anyone who has not asked.

Ratings add a further layer. A one-notch downgrade moves a large city's borrowing costs a
little; for a small town it can shift the bond into a category that some institutional
buyers are not permitted to hold at all, shrinking the pool of bidders just when the town
most needs them. Reporting in *The Civic Ledger* traced how one such downgrade, prompted by
the loss of a single large employer, raised a town's borrowing costs on its next issue by
considerably more than the change in its finances seemed to justify.[^2]

## The case for pooling

The most durable answer to the small-issuer problem is not a subsidy but a change of scale.
Pooled financing vehicles, sometimes called bond banks, gather the borrowing needs of many
small governments into a single, larger issue sold on a regular calendar. Investors see a
frequent, familiar name with professional disclosure and a diversified base of borrowers.
Each town repays its share to the pool.[^3]

Pooling has costs. It asks towns to accept common underwriting standards, which can feel
like a loss of local control. It creates a body with an interest in lending more, which
needs watching. And it can blur accountability: when a pooled borrower struggles, it is not
always clear who is meant to notice first.

A recent survey of local treasurers found that the issuance costs of the smallest borrowers,
measured as a share of the amount raised, were several times those of the largest, and that
most small issuers had never been approached about a pooled programme.[^4] The gap between
what is available and what is used suggests that the obstacle is less design than awareness
and administrative bandwidth.

There is also a question of timing. Pools that issue on a fixed calendar cannot always match
the moment a town needs its money, and a project that misses one issue may wait months for
the next. Some programmes bridge the gap with short-term loans; others leave towns to
arrange interim finance on their own, which rather defeats the purpose.

## What would help

None of the useful reforms here are dramatic. They are the kind of thing that gets done when
someone decides the plumbing matters.

**Standard disclosure templates.** If every small issuer reported the same core figures in
the same format, investors could compare them at a glance, and a two-person finance office
would not need to invent its own documents.

**Public price data.** Trades in municipal bonds are reported, but the information is
scattered and awkward to use. A simple public record of recent trades for comparable small
issuers would give buyers something to anchor on besides guesswork, and give towns a
benchmark to negotiate against.

**Technical assistance at the state level.** Small towns do not need to be taught how to be
prudent. They need help with the mechanics of borrowing that a large city handles with a
dedicated team: choosing a structure, timing a sale, answering rating agency questions.

## The politics of cheap money

There is an awkward truth underneath all this. The premium that small towns pay is, in
effect, a tax on being small, and it is paid by residents who are often poorer than those of
the cities that borrow cheaply. It shows up not as a line item anyone votes on but as a
water plant that costs more, a school roof that waits another year, a road that is patched
instead of rebuilt.

Because the premium is invisible, it is easy to ignore. Because it is structural, it will
not go away through good management alone. Closing it requires someone above the level of
the individual town to decide that the cost of borrowing should reflect the risk of lending,
and not merely the inconvenience of a small deal.
"""

# Medium essay (~1,000 words), no notes.
_LIBRARY_LENDING_BODY = """\
A public library that buys a printed book owns it. It can lend it for as long as the binding
holds, move it to another branch, sell it at the annual book sale, or give it away. A
library that wants to lend the same title as an e-book usually owns nothing. It holds a
licence, and the terms of that licence now shape library budgets more than almost any
decision a librarian makes.

## Two ways to buy the same book

The economics of the printed book in a library are simple, and they were settled long ago.
The library pays once, often at a modest institutional discount, and the book circulates
until it wears out or falls out of demand. A popular novel might be borrowed dozens of times
before it is retired. The publisher is paid once for all of those readers, and accepts this
partly because a library copy is slower and less convenient than a bought one, and partly
because libraries have long been a source of future buyers.

Digital lending changed both halves of that bargain. A digital copy never wears out, so the
natural limit on how many readers one purchase can serve disappeared. And a digital loan can
be almost as convenient as a purchase, so the case that library lending does not compete
with sales became harder to make. Publishers responded with licences that recreate scarcity
by contract:

- **Time-limited licences**, which expire after a fixed period regardless of use.
- **Loan-limited licences**, which expire after a fixed number of checkouts.
- **One-copy, one-user rules**, which mean a library must buy several licences to serve
  several simultaneous readers.
- **Higher institutional prices**, often several times the consumer price for the same file.

Each of these is defensible on its own. Together they mean that a library can pay more for
an e-book licence that expires in two years than for a hardback that would have lasted ten.

<figure>
<p><strong>The same popular title, two ways:</strong> a printed copy bought once and lent
until worn out, against a digital licence renewed every two years and capped at a fixed
number of loans per licence. Over a decade the digital route can cost the library several
times as much per reader served.</p>
<figcaption>An illustrative comparison, not drawn from any one library's accounts.</figcaption>
</figure>

## The library pays twice

The effect on budgets is easiest to see through a single popular title. When it first
appears, the library buys enough licences to keep the holds queue tolerable. Within a year
or two, those licences begin to expire, just as demand tapers. The library must then decide
whether to buy again for a smaller number of readers or let the title lapse from its digital
collection altogether. Either way, it pays for the same book twice, or it loses it.

Multiply that across thousands of titles and the result is a collection that must be
continually repurchased to stand still. Acquisitions budgets that once built collections now
largely rent them. Librarians describe spending a growing share of their time not choosing
books but managing renewal dates.

## What publishers are protecting

It would be too easy to cast this as a simple story of publishers squeezing libraries. The
underlying worry is real. If a library e-book is as convenient as a purchased one, and free,
some readers who would have bought will borrow instead. For authors whose income depends on
the first year of sales, even a modest shift matters.

The evidence on how large that shift is remains thin and contested. Libraries point out that
borrowers are often heavy buyers too, and that discovery through a library can lead to later
purchases of an author's other books. Publishers point out that the mix of borrowing and
buying has changed quickly, and that past patterns in print may not predict future ones in
digital. Both positions are reasonable. Neither is settled by the data that is publicly
available, which is itself part of the problem.

## Toward a better bargain

There are several ways to rebalance the arrangement without pretending that one side's
concerns are imaginary.

**Price by use, not by time.** A licence that charges per loan, at a rate set to reflect the
cost of a lost sale, aligns payment with what the library actually does. It also lets small
libraries buy access to titles they cannot justify licensing outright.

**Let licences mature into ownership.** After a title has been on sale for some years and
its commercial life has peaked, a library licence could convert into a perpetual one.
Publishers would keep their early-sales protection; libraries would stop renting the
backlist.

**Share the data.** Publishers and libraries each hold half of the picture on how borrowing
and buying interact. A shared, anonymised dataset, maintained by a neutral party, would let
the argument move from anecdote to evidence. We have sketched one possible design in a
[short proposal](https://example.org/marginalia/library-lending-data-proposal).

## What is at stake

A public library is a quiet bet that a society is better off when anyone can read anything.
That bet was affordable when the marginal cost of serving one more reader was close to zero
once a book was on the shelf. It is less affordable when every reader carries a meter.

Nothing here requires villains. Publishers need revenue, authors need income, and libraries
need budgets that can be explained to councils. But the terms on which libraries buy digital
books were set quickly, in a period of uncertainty, and have hardened into habit. They
deserve a second look, on the evidence, before the habit becomes the only model anyone
remembers.
"""

# Short essay, co-authored.
_CHOKEPOINTS_BODY = """\
Most of the world's goods spend some part of their journey in a narrow place: a strait, a
canal, a single rail bridge, a port whose cranes serve a whole region. These chokepoints are
efficient for the same reason they are fragile. Traffic concentrates where it is cheapest to
pass, and once it has concentrated, the cheapest route becomes the only practical one.

## Efficiency has a shape

A shipping network optimised for cost alone tends toward a small number of very busy
corridors. Larger ships reward deeper channels and bigger terminals; bigger terminals
attract more services; more services make the corridor cheaper still. The result is a system
that runs beautifully on an ordinary day and has very little slack on an unusual one.

When a chokepoint closes, the first cost is obvious: ships wait or divert. The second cost
arrives weeks later and is harder to see. Containers end up in the wrong places, schedules
bunch, and ports that were never designed for the diverted traffic become congested in turn.
A disruption of a few days can take months to unwind.

The costs do not fall evenly. Large shippers with long-term contracts can often secure space
on the vessels that are still moving. Smaller exporters, and the importers of low-value bulk
goods, tend to find themselves at the back of the queue, paying spot rates that can multiply
within days.

## The price of slack

The standard answer is redundancy: alternative routes, spare terminal capacity, inventory
held closer to where it is needed. The difficulty is that redundancy is expensive in exactly
the years when it is not used, and those are most years. A port authority that builds a
second channel, or a firm that holds an extra month of stock, will look wasteful on nine
balance sheets out of ten.

That makes chokepoint resilience a classic collective problem. Each shipper benefits from
spare capacity somewhere in the system, but none wants to pay for it. Three approaches can
help:

- **Shared contingency agreements** between ports, settled in advance, on how diverted
  traffic will be handled.
- **Public investment in redundancy** where no private actor can capture the benefit,
  treated as insurance rather than as a project that must pay for itself.
- **Better disclosure** of how exposed a firm's supply chain is to a single route, so that
  investors can price the risk.

## Thinking in corridors

Policy still tends to treat ports, canals and rail links as separate assets with separate
owners. Chokepoints are a reminder that they behave as corridors. The useful question is not
whether any one facility is efficient, but how much disruption the corridor as a whole can
absorb, and who is prepared to pay for that margin before it is needed.
"""

# Short essay, symbols style, no notes. Scheduled a week ahead.
_GRID_STORAGE_BODY = """\
Discussions of grid-scale storage tend to focus on the battery: its chemistry, its cost per
unit of capacity, the size of the latest installation. The more useful way to think about
storage is as a timetable. Its job is to move energy from the hours when it is plentiful to
the hours when it is scarce, and its value depends almost entirely on how far, and how
reliably, it can make that move.

## Duration is the quiet variable

Most storage installed so far is short-duration: it can deliver its full output for a few
hours. That is well matched to the daily cycle of a grid with a lot of solar power, shifting
midday generation into the evening peak. It is poorly matched to a week of still, overcast
winter weather, when the shortfall is measured in days rather than hours.

The gap between those two problems is not closed simply by building more of the same. Ten
four-hour systems do not make a forty-hour system if they all empty on the first evening.
Longer-duration technologies exist, from pumped hydro to various thermal and chemical
approaches, but they are at very different stages of maturity and cost.

## What markets pay for

Storage earns money in several ways: buying power cheaply and selling it dear, being paid to
stand ready as capacity, and providing fast-response services that keep the grid stable.
Short-duration batteries are very good at the last of these, and early projects often relied
on it.

As more storage is built, those fast-response markets saturate and the price spreads between
cheap and expensive hours narrow. This is a sign of success, but it also weakens the
business case for the next project. The storage a grid needs most in a decade, the
long-duration kind, is the kind current markets reward least.

There is also the question of where storage sits. A battery placed beside a congested
substation can defer an expensive upgrade to the wires, a benefit that accrues to the
network operator rather than to whoever owns the battery. Unless the rules let that value be
shared, some of the most useful projects will look unprofitable on paper and will not be
built.

## Planning for the timetable

If storage is a timetable, planners need to ask which journeys it must cover. Useful
questions include:

- How long are the longest periods of low renewable output the grid must ride through?
- Which of those gaps can be covered by demand response, interconnection or existing plants?
- What remaining shortfall must storage cover, and for how many hours?

The answers will differ between grids. But asking them turns a debate about batteries into a
debate about reliability, which is the conversation that matters.

Storage will not be judged, in the end, by the size of the installations or the price per
unit of capacity. It will be judged on the coldest, stillest week of the year, by whether
the lights stayed on.
"""

# Short essay, symbols style, no notes.
_WEATHER_FORECASTING_BODY = """\
For most of human history, a weather forecast was a statement about the sky overhead, based
on what the sky overhead had just done. The modern forecast, a number attached to a place
and a time days in advance, is a surprisingly recent invention, and it rests on three
changes that had little to do with one another.

## Seeing the weather all at once

The first change was the ability to observe weather simultaneously over a large area. Storms
move; to anticipate one, you need to know what is happening hundreds of kilometres away,
now. The electric telegraph made that possible in the nineteenth century. Observers at
distant stations could report at agreed times, and those reports could be plotted together
on a single map.

These *synoptic* maps, meaning maps of conditions seen together, revealed patterns that no
single observer could see: areas of high and low pressure, and the way weather moved around
and between them. The first official storm warnings were built on this kind of
pattern-reading.

## Weather as arithmetic

The second change was conceptual. Early in the twentieth century, a few scientists argued
that the atmosphere obeys the ordinary laws of physics, and that in principle its future
state could be calculated from its present one. An early attempt to compute a forecast by
hand took weeks of work and produced a badly wrong answer. The method was sound; the data
and the arithmetic were not equal to it.

What the calculation needed was twofold: far more observations, taken at the same moment and
in three dimensions rather than only at ground level, and a way to perform millions of
operations before the weather being predicted had already arrived. Balloon soundings of the
upper air began to supply the first. The second had to wait.

## Machines that could keep up

The third change was the electronic computer. By the middle of the century, machines could
perform the calculations faster than the weather itself unfolded, which is the minimum
requirement for a forecast to be useful. Numerical prediction became practical, and it has
improved steadily ever since, helped by satellites, better observations and more careful
mathematics.

Later, forecasters learned to run the same model many times with slightly different starting
conditions. The spread of those runs says how confident the forecast should be, which is why
a modern forecast can honestly say "a seventy per cent chance of rain".

## What the history teaches

It is tempting to tell this as a story of computers. It is better told as a story about
infrastructure and agreement: observers reporting at the same moment, networks that shared
data across borders, and institutions that agreed on common units and methods. The forecast
on a phone is the visible end of that long cooperation.
"""

# Short essay, draft (not yet visible to readers).
_SEED_BANKS_BODY = """\
The popular image of a seed bank is a vault: a cold room cut into rock, rows of sealed
boxes, a door that is opened only in an emergency. Vaults exist and they matter. But most of
the work of conserving crop diversity happens somewhere less photogenic, in fields,
greenhouses and laboratories where seeds are tested, grown out and replaced.

## Seeds are not permanent

Stored seeds age. Even in cold, dry conditions, their ability to germinate declines, at
rates that vary widely between species. A seed bank therefore has to test samples of each
collection periodically and, when viability falls, grow the plants again to produce fresh
seed. This *regeneration* is slow, expensive and easy to underfund, because nothing visibly
goes wrong until a collection can no longer be revived.

Regeneration also carries its own risks. Growing a variety in a new place can expose it to
cross-pollination, disease or unintended selection, so that the seed returned to storage is
subtly different from the seed that left it. Good practice is painstaking, and it depends on
staff with skills that take years to build.

Documentation matters as much as cold. A sample without reliable records of where it was
collected, how it was grown and what traits it carries is of limited use to a plant breeder,
however well it germinates. Much of the backlog in older collections is not biological at
all but clerical: passport data that was never digitised, or labels that no longer match the
seed behind them.

## Duplication and its limits

The vault is best understood as a backup. Collections are duplicated in distant places so
that a fire, a flood or a funding crisis at one institution does not erase them. That is
prudent, but a backup is only as good as the original. If a collection has not been properly
regenerated, its duplicate preserves the same decline.

## The case for living collections

A growing number of conservationists argue that seed banks should be complemented by
collections kept in use, in farmers' fields and community gardens, where varieties continue
to adapt to changing conditions. These are not substitutes for cold storage. They preserve
something different: not a snapshot of a variety, but its ongoing life.

The useful question for funders is not whether to choose between vaults and fields, but how
to pay for the unglamorous maintenance that both require, year after year.

That maintenance is a poor fit for most funding models, which prefer new buildings and
time-limited projects to steady operating budgets. A collection that is well funded for five
years and neglected for the next five can lose more than it gained. The seed banks that last
tend to be those with dull, dependable money behind them.
"""

# ---------------------------------------------------------------------------------------------
# Essays
# ---------------------------------------------------------------------------------------------

ESSAYS = [
    {
        "slug": "arithmetic-of-a-shared-river",
        "title": "The Arithmetic of a Shared River",
        "dek": (
            "Water treaties fail less often from bad faith than from numbers that were right "
            "on the day they were signed; better agreements expect the river to change."
        ),
        "authors": ["halima-okafor"],
        "topics": ["water", "infrastructure"],
        "status": "published",
        "days_ago": 40,
        "note_style": "lower-roman",
        "comments": "open",
        "hero": {
            "alt": (
                "A concrete irrigation channel, half full, running between dry fields "
                "towards a distant low dam."
            ),
            "caption": (
                "An irrigation channel downstream of a storage reservoir, late in a dry summer."
            ),
            "credit": "Photo credit: Marginalia demo archive",
        },
        "body": _SHARED_RIVER_BODY,
        # In order of first appearance. Consecutive notes on the same source exercise "Ibid."
        # (ii -> iii, no new pinpoint) and "Ibid., 12." (iii -> iv, new pinpoint); vii -> viii
        # likewise. "commission" is cited twice in the body and keeps its number.
        "footnotes": [
            {
                "label": "1",
                "source": "reuters-downstream-losses",
                "pinpoint": "",
                "commentary": "",
            },
            {
                "label": "halvorsen-intro",
                "source": "halvorsen-rivers",
                "pinpoint": "3",
                "commentary": "",
            },
            {"label": "2", "source": "halvorsen-rivers", "pinpoint": "", "commentary": ""},
            {
                "label": "halvorsen-12",
                "source": "halvorsen-rivers",
                "pinpoint": "12",
                "commentary": "",
            },
            {
                "label": "commission",
                "source": "basin-commission-review",
                "pinpoint": "table 4",
                "commentary": "",
            },
            {
                "label": "3",
                "source": None,
                "pinpoint": "",
                "commentary": (
                    "The percentages are my own calculations from the commission's annual "
                    "tables, rounded to the nearest whole number; the commission itself "
                    "reports only absolute volumes."
                ),
            },
            {
                "label": "nwosu",
                "source": "nwosu-brandt-shares",
                "pinpoint": "211",
                "commentary": "",
            },
            {
                "label": "4",
                "source": "nwosu-brandt-shares",
                "pinpoint": "214-16",
                "commentary": "",
            },
            {"label": "gauges", "source": "meridian-gauges", "pinpoint": "", "commentary": ""},
            {
                "label": "tesfaye",
                "source": "tesfaye-interview",
                "pinpoint": "",
                "commentary": (
                    "Conversation with the author. She asked that the basin concerned not be "
                    "named, and her account is paraphrased here rather than quoted."
                ),
            },
            {"label": "portal", "source": "twdc-methodology", "pinpoint": "", "commentary": ""},
            {"label": "5", "source": "ferreira-clauses", "pinpoint": "7", "commentary": ""},
            {"label": "gazette", "source": "gazette-dredging", "pinpoint": "", "commentary": ""},
            {"label": "6", "source": "halvorsen-rivers", "pinpoint": "141", "commentary": ""},
            {
                "label": "7",
                "source": "basin-futures-projections",
                "pinpoint": "22",
                "commentary": (
                    "The projected ranges are wide and differ considerably between basins; "
                    "the point here concerns the spread of outcomes rather than any single "
                    "central estimate."
                ),
            },
            {
                "label": "8",
                "source": "reuters-downstream-losses",
                "pinpoint": "",
                "commentary": "",
            },
        ],
    },
    {
        "slug": "borrowing-at-human-scale",
        "title": "Borrowing at Human Scale",
        "dek": (
            "Small towns pay more to borrow than their credit justifies, and the reasons "
            "have more to do with market plumbing than with risk."
        ),
        "authors": ["tobias-lindqvist"],
        "topics": ["public-finance", "infrastructure"],
        "status": "published",
        "days_ago": 95,
        "note_style": "arabic",
        "comments": "after_days",
        "hero": {
            "alt": (
                "A small brick town hall with a clock above the entrance, seen across an "
                "empty square."
            ),
            "caption": (
                "Town halls borrow for assets that last decades; the terms they get depend "
                "on more than their budgets."
            ),
            "credit": "Photo credit: Marginalia demo archive",
        },
        "body": _MUNICIPAL_BONDS_BODY,
        "footnotes": [
            {"label": "1", "source": "fenwick-liquidity", "pinpoint": "", "commentary": ""},
            {"label": "2", "source": "civic-ledger-downgrade", "pinpoint": "", "commentary": ""},
            {
                "label": "3",
                "source": None,
                "pinpoint": "",
                "commentary": (
                    "Pooling is sometimes confused with a state guarantee. The two can be "
                    "combined, but a pool without any guarantee still lowers costs through "
                    "scale and regular issuance alone."
                ),
            },
            {
                "label": "4",
                "source": "treasurers-small-issuers",
                "pinpoint": "p. 9",
                "commentary": "",
            },
        ],
    },
    {
        "slug": "the-library-pays-twice",
        "title": "The Library Pays Twice",
        "dek": (
            "Digital lending turned the library's oldest purchase into a rental, and the "
            "terms deserve a second look."
        ),
        "authors": ["priya-venkataraman"],
        "topics": ["knowledge-commons", "public-finance"],
        "status": "published",
        "days_ago": 12,
        "note_style": "arabic",
        "comments": "open",
        "hero": {
            "alt": (
                "Rows of library shelves with a self-service lending terminal in the foreground."
            ),
            "caption": "Printed copies are owned; most digital copies are licensed.",
            "credit": "Photo credit: Marginalia demo archive",
        },
        "body": _LIBRARY_LENDING_BODY,
        "footnotes": [],
    },
    {
        "slug": "narrow-places",
        "title": "Narrow Places",
        "dek": (
            "Chokepoints in global shipping are efficient for the same reason they are "
            "fragile, and resilience is a cost nobody wants to carry alone."
        ),
        "authors": ["halima-okafor", "tobias-lindqvist"],
        "topics": ["infrastructure"],
        "status": "published",
        "days_ago": 180,
        "note_style": "symbols",
        "comments": "closed",
        "hero": None,
        "body": _CHOKEPOINTS_BODY,
        "footnotes": [],
    },
    {
        "slug": "before-the-forecast-was-a-number",
        "title": "Before the Forecast Was a Number",
        "dek": (
            "The modern weather forecast rests on three changes, only one of which was the "
            "computer."
        ),
        "authors": ["marguerite-osei"],
        "topics": ["history-of-science"],
        "status": "published",
        "days_ago": 3,
        "note_style": "symbols",
        "comments": "after_days",
        "hero": None,
        "body": _WEATHER_FORECASTING_BODY,
        "footnotes": [],
    },
    {
        "slug": "storage-is-a-timetable",
        "title": "Storage Is a Timetable",
        "dek": (
            "Grid-scale storage is best judged not by the size of its batteries but by how "
            "far, and how reliably, it can move energy in time."
        ),
        "authors": ["marguerite-osei"],
        "topics": ["energy", "infrastructure"],
        "status": "published",
        "days_ago": -7,  # scheduled: goes live in a week
        "note_style": "lower-roman",
        "comments": "after_days",
        "hero": {
            "alt": (
                "Rows of white battery containers on a gravel pad beside an electrical substation."
            ),
            "caption": (
                "A grid battery installation; most of today's storage is designed to run for "
                "a few hours."
            ),
            "credit": "Photo credit: Marginalia demo archive",
        },
        "body": _GRID_STORAGE_BODY,
        "footnotes": [],
    },
    {
        "slug": "the-quiet-work-of-seed-banks",
        "title": "The Quiet Work of Seed Banks",
        "dek": (
            "Crop diversity is kept alive less by vaults than by the slow, underfunded work "
            "of testing and regrowing seed."
        ),
        "authors": ["priya-venkataraman"],
        "topics": ["knowledge-commons"],
        "status": "draft",
        "days_ago": 0,
        "note_style": "arabic",
        "comments": "after_days",
        "hero": None,
        "body": _SEED_BANKS_BODY,
        "footnotes": [],
    },
]

# ---------------------------------------------------------------------------------------------
# Reader comments (all approved). Replies nest via "replies"; days_ago shrinks down each chain.
# ---------------------------------------------------------------------------------------------

COMMENT_THREADS = {
    "arithmetic-of-a-shared-river": [
        {
            "name": "Kwame Asante",
            "email": "kwame.asante@example.com",
            "website": "",
            "body": (
                "I agree that the baseline trap is real, but I think the essay lets power "
                "off the hook too easily. A neutral ledger stays neutral only for as long as "
                "the stronger party finds it convenient. The commission you describe could "
                "publish its candid review precisely because nothing in it threatened the "
                "upstream state.\n\nDesign matters, but design is downstream of leverage, if "
                "you will forgive the pun."
            ),
            "days_ago": 38.5,
            "replies": [
                {
                    "name": "Halima Okafor",
                    "email": "halima.okafor@example.org",
                    "website": "https://example.org/marginalia/authors/halima-okafor",
                    "body": (
                        "That is a fair challenge. My claim is narrower than it may have "
                        "read: not that design overrides power, but that it changes what "
                        "power costs to use. A published rating curve does not stop a strong "
                        "party from ignoring it, but it makes ignoring it visible, and "
                        "visibility has a price in most of the relationships I have watched."
                    ),
                    "days_ago": 37.2,
                    "replies": [
                        {
                            "name": "Kwame Asante",
                            "email": "kwame.asante@example.com",
                            "website": "",
                            "body": (
                                "Visible to whom, though? The downstream farmers already "
                                "know they are short of water. If the audience for "
                                "transparency is other governments and lenders, then the "
                                "constraint is only as strong as their interest in the "
                                "basin, which in my experience is intermittent."
                            ),
                            "days_ago": 36.0,
                            "replies": [
                                {
                                    "name": "Inès Faurel",
                                    "email": "ines.faurel@example.org",
                                    "website": "https://example.com/ines-faurel",
                                    "body": (
                                        "Coming at this from the lending side: development "
                                        "banks increasingly attach data-sharing conditions "
                                        "to finance for new storage. It is not a cure, and "
                                        "the conditions are sometimes loosely enforced, but "
                                        "it does mean the audience for transparency is not "
                                        "only other governments.\n\nThe harder question is "
                                        "what happens to those conditions once the loan is "
                                        "repaid."
                                    ),
                                    "days_ago": 34.8,
                                    "replies": [],
                                },
                            ],
                        },
                    ],
                },
            ],
        },
        {
            "name": "佐藤 美咲",
            "email": "misaki.sato@example.com",
            "website": "",
            "body": (
                "On the section about gauges: in my work calibrating rating curves, "
                "revisions are usually published, but in formats almost nobody reads, such "
                "as scanned annexes or spreadsheets without units. Publication is not the "
                "same as transparency.\n\nI would add a fifth principle to your list: "
                "revisions should come with a plain statement of how much water they move "
                "between the parties."
            ),
            "days_ago": 30.1,
            "replies": [
                {
                    "name": "Deborah Lindley",
                    "email": "d.lindley@example.org",
                    "website": "",
                    "body": (
                        "Strongly agree. A revision notice that says 'rating curve updated, "
                        "see annex' is technically open and practically hidden."
                    ),
                    "days_ago": 29.4,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Rafael Quiroga",
            "email": "rquiroga@example.com",
            "website": "https://example.com/rquiroga",
            "body": (
                "The essay says percentage shares reduce disputes but not hardship. Isn't "
                "that an argument for combining them with a guaranteed minimum flow for the "
                "downstream party, rather than for sticking with fixed volumes and bolting "
                "on drought clauses?\n\nA floor plus a percentage of everything above it "
                "seems to get you most of the benefits of both."
            ),
            "days_ago": 20.6,
            "replies": [
                {
                    "name": "Halima Okafor",
                    "email": "halima.okafor@example.org",
                    "website": "https://example.org/marginalia/authors/halima-okafor",
                    "body": (
                        "It can, and hybrid designs of that kind are increasingly discussed. "
                        "The catch is that the floor becomes the new fixed number, with all "
                        "the baseline problems the essay describes. In a severe drought, the "
                        "floor can exceed the whole river, and then you are back to deciding "
                        "who bears the loss."
                    ),
                    "days_ago": 19.9,
                    "replies": [
                        {
                            "name": "Rafael Quiroga",
                            "email": "rquiroga@example.com",
                            "website": "https://example.com/rquiroga",
                            "body": (
                                "Fair, though a floor set for human needs rather than for "
                                "irrigation would be small enough that it should rarely "
                                "bind. Perhaps the real lesson is that different uses of "
                                "water need different allocation rules within the same "
                                "treaty."
                            ),
                            "days_ago": 18.3,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "Oluwaseun Adeyemi",
            "email": "seun.adeyemi@example.com",
            "website": "",
            "body": (
                "The ditch makes a vivid frame, but I worry it romanticises irrigation, "
                "which in many basins is the least efficient user of water by some distance. "
                "Any serious treaty reform has to be paired with domestic reform of how "
                "irrigation water is priced, or the extra water a better treaty secures will "
                "simply be used less carefully."
            ),
            "days_ago": 8.2,
            "replies": [],
        },
    ],
    "borrowing-at-human-scale": [
        {
            "name": "Deborah Lindley",
            "email": "d.lindley@example.org",
            "website": "",
            "body": (
                "I was a clerk-treasurer for a town of about six thousand people for eleven "
                "years. The fixed costs you describe are painfully real. But I would push "
                "back gently on pooling: the one time we joined a pooled programme, the "
                "common underwriting standards forced us to delay a project by a year while "
                "we met requirements designed for much larger borrowers.\n\nScale helps, but "
                "not if the pool is run for the convenience of its biggest members."
            ),
            "days_ago": 90.5,
            "replies": [
                {
                    "name": "Tobias Lindqvist",
                    "email": "tobias.lindqvist@example.org",
                    "website": "",
                    "body": (
                        "Thank you, this is exactly the kind of cost that does not show up "
                        "in the yield data. Did the pool offer any lighter track for very "
                        "small borrowers, or was it one set of standards for everyone?"
                    ),
                    "days_ago": 88.0,
                    "replies": [
                        {
                            "name": "Deborah Lindley",
                            "email": "d.lindley@example.org",
                            "website": "",
                            "body": (
                                "One set for everyone, at the time. I understand some pools "
                                "have since introduced simplified terms for small loans. If "
                                "I were designing one, I would start there and only then "
                                "worry about the interest rate."
                            ),
                            "days_ago": 85.6,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "Jonas Whitcombe",
            "email": "jonas.whitcombe@example.com",
            "website": "https://example.com/jwhitcombe",
            "body": (
                "I am not sure the distinction between liquidity and credit risk holds up. "
                "Being unable to sell a bond when you need to is a real risk, and investors "
                "are right to price it. Calling the premium a 'tax on being small' makes it "
                "sound arbitrary when it is compensation for something genuine."
            ),
            "days_ago": 80.3,
            "replies": [
                {
                    "name": "Amara Cole",
                    "email": "amara.cole@example.org",
                    "website": "",
                    "body": (
                        "Both can be true. The risk is genuine for the investor, but it is "
                        "created by market structure rather than by anything the town does. "
                        "That is why it is fair to call it a tax on size: the town cannot "
                        "reduce it by being more prudent."
                    ),
                    "days_ago": 79.1,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Rafael Quiroga",
            "email": "rquiroga@example.com",
            "website": "https://example.com/rquiroga",
            "body": (
                "Public price data sounds modest, but it is the reform I would bet on. Most "
                "of the other proposals depend on towns changing their behaviour. Better "
                "price data changes what every buyer knows at once."
            ),
            "days_ago": 61.7,
            "replies": [],
        },
    ],
    "the-library-pays-twice": [
        {
            "name": "Théo Marchand",
            "email": "theo.marchand@example.com",
            "website": "",
            "body": (
                "As a mid-list author, I find the essay fairer to publishers than most "
                "pieces on this subject, but it still underestimates how much the first year "
                "matters. Most of my income from a book arrives in its first twelve months. "
                "A licence that matures into ownership after several years would not bother "
                "me at all; cheaper licences at launch would."
            ),
            "days_ago": 11.4,
            "replies": [
                {
                    "name": "Priya Venkataraman",
                    "email": "priya.venkataraman@example.org",
                    "website": "",
                    "body": (
                        "That is a useful distinction, and it is roughly why I proposed "
                        "maturing licences rather than cheaper ones. The first year and the "
                        "backlist are different markets and probably need different terms."
                    ),
                    "days_ago": 10.9,
                    "replies": [
                        {
                            "name": "Gwen Pryce",
                            "email": "gwen.pryce@example.org",
                            "website": "",
                            "body": (
                                "Speaking as an acquisitions librarian, the backlist is "
                                "where our budget quietly bleeds. We renew steady sellers "
                                "that are years old simply to keep them available. Maturing "
                                "licences would free money for new titles, which would "
                                "arguably help authors like Théo too."
                            ),
                            "days_ago": 9.6,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "अनिता राव",
            "email": "anita.rao@example.com",
            "website": "https://example.com/anita-rao",
            "body": (
                "Pricing by use sounds attractive, but it moves the uncertainty onto the "
                "library. A popular title could blow through a year's budget in a month. "
                "Libraries value predictability because councils do.\n\nPerhaps a per-use "
                "price with an annual cap would work better?"
            ),
            "days_ago": 7.2,
            "replies": [],
        },
        {
            "name": "Marek Nowicki",
            "email": "marek.nowicki@example.org",
            "website": "",
            "body": (
                "The data-sharing idea is the most important one here and it gets the least "
                "space. Without it, both sides will keep arguing from anecdote."
            ),
            "days_ago": 4.0,
            "replies": [
                {
                    "name": "Amara Cole",
                    "email": "amara.cole@example.org",
                    "website": "",
                    "body": (
                        "Agreed, though I would want a clear answer on reader privacy before "
                        "any lending data leaves a library, anonymised or not."
                    ),
                    "days_ago": 3.1,
                    "replies": [],
                },
            ],
        },
    ],
}

# Comments waiting for the moderators, screened by the embedded checker when seeded.
# "signals" are what the form would have recorded (honeypot value, seconds to submit).
MODERATION_QUEUE = [
    {
        "essay": "arithmetic-of-a-shared-river",
        "name": "Tomasz Wierzbicki",
        "email": "tomasz.w@example.org",
        "website": "",
        "body": "First time commenting. The section on rating curves reminded me of a "
        "gauge on the Vistula that was re-rated twice in a decade; does the commission "
        "publish its revisions anywhere?",
        "signals": {"seconds_to_submit": 140.0},
    },
    {
        "essay": "the-library-pays-twice",
        "name": "Maeve Donnelly",
        "email": "maeve@example.com",
        "website": "https://example.com/maeve",
        "body": "Our branch library stopped lending e-books to other districts last year. "
        "See https://example.org/branch-report and https://example.org/district-minutes "
        "and https://example.org/budget for the numbers.",
        "signals": {"seconds_to_submit": 95.0},
    },
    {
        "essay": "borrowing-at-human-scale",
        "name": "Best Loans Online",
        "email": "offers@loans.example.net",
        "website": "https://loans.example.net",
        "body": "Great post!!! Need cash fast? Instant approval loans at https://loans.example.net",
        "signals": {"seconds_to_submit": 1.2, "honeypot": "https://loans.example.net"},
    },
]
