"""Every sentence factbot shows people, in one place so wording stays the same on every platform."""

from __future__ import annotations

APOLOGY = "Sorry, something went wrong on my side while answering that. It has been logged."
EMPTY_QUESTION = "Ask me something, for example: who runs Stability AI?"
UNKNOWN = "I don't know that one. I answer questions about AI companies, their leaders and releases."
UNSURE = "I'm not sure what you mean."
ADD_HINT = "An admin can teach me with /fact add SUBJECT | RELATION | OBJECT | SINCE | SOURCE_URL."
NOT_ALLOWED_CHANGE = "Sorry, only admins can change facts. You can ask an admin to add or correct one."
NOT_ALLOWED_SCOPE = (
    "Sorry, that fact belongs to another workspace or is global; you can only change facts of your own."
)
NO_WORKSPACE = "Workspace admins can change facts only from inside their workspace."
NOTHING_TO_UNDO = "You have no change left to undo."
NO_GAPS = "No unanswered questions yet."
NO_SEARCH_RESULTS = "No facts match {text!r}."
BECAME = "{old} is now part of {new}; this answer is about {new}."
SLOW_DOWN = "You're asking faster than I can keep up; I'll answer again in about {seconds} s."
SLOW_DOWN_SHORT = "Please wait a moment before asking again."
WHO_IS_MEANT = "Who do you mean by '{word}'? Please ask again with the name."
WHICH_ONE = "Who do you mean by '{word}': {names}? Please name them."
WHAT_IS_MEANT = 'What are you asking about? Please name the company or person, e.g. "and who runs Cohere?"'
TAKING = "Taking '{word}' as {name}:"
AFTER = "After {name}:"
ABOUT_INTRO = "What I know about {names}:"
ABOUT_NOTHING = "I found no organization, person or product I know in that message."
RECENT_CHANGES = "Recent leadership changes on record:"
NO_RECENT_CHANGES = "No dated leadership changes on record yet."
HOME_TITLE = "factbot — sourced answers about AI companies"
WELCOME = (
    "Welcome! Ask me about AI companies, their leaders and releases: mention me in a channel, DM me, "
    "or use /ask. Every answer comes with its source and date."
)
HOME_EXAMPLES = (
    "who runs Stability AI?",
    "who was CEO of OpenAI in 2023?",
    "who ran it before him?",
    "and what about Anthropic?",
)
UNKNOWN_ORG = "I don't know an organization called {name!r}."
# Refusals that still say what is known (bot.answering): the first line refuses, the rest is context.
WHAT_I_KNOW = "What I know"
NOW_KNOWN = "What I know now"
RELATED = "Related fact (not an answer)"
NOTHING_ON = "I have nothing on “{what}”."
PART_NOT_KNOWN = "Not on record: “{part}”."
NOT_ON_RECORD = "Not on record."
OPINION = "That asks for an opinion or advice; I only state sourced facts."
FORECAST = "That asks for a forecast; I only state sourced facts about what has happened."
HOW_TO = "That asks how to do something; I only state sourced facts about the AI industry."
DIFFERENCE = "How two things differ is a judgement, not one fact; ask me one thing about each (who runs it, when it was founded, what it released)."
FUTURE_YEAR = "I can't know what {year} will bring; I only have the record up to now."
NOT_YET = "{name} did not exist yet in {year}: it was founded in {founded}."
NOT_RELEASED_YET = "{name} had not been released yet in {year}: it came out in {released}."
NO_VERSION = "I have no record of {version}."
CANT_COMPARE = "I can't compare them: I have no {what} for {name}."
NO_TOTAL = "I have no stated total for that, and not every tranche on record has an amount."
NO_COMBINED_DEALS = "I can't add them up: not each of them has a deal on record with the others."
NO_COMBINED = "I can't add them up: what {name} put into {target} is not on record as an amount."
NO_INVESTED_TOTAL = "I have no total of what {name} has invested; its investments on record:"
NO_RAISED_TOTAL = "I have no stated total of what {name} raised; the rounds on record:"
NO_SUCCESSOR = "I have no record of who followed {name}{role}."
NO_PREDECESSOR = "I have no record of who came before {name}{role}."
NO_COUNT = "I can't count the {what} of {name}: the record lists only some of them."
NO_AMOUNT = "I have no amount on record for that."
NO_PRODUCT_LEAD = "I have no record of who leads {name} itself (its maker's leaders are another question)."
NO_LOCATION = "I have no headquarters or home town on record for {name}."
NOTHING_BESIDES = "Besides {names}, I have nothing on record for that."
OTHERS_BESIDES = "Besides {names}: {others}."
NO_VALUATION = "I have no valuation of {name} on record."
NO_LEAVING = "I have no record of when {name} left {org}."
STILL_THERE = "I have no record of {name} leaving: {name} is {role} of {org}."
NO_HOLDER_THEN = "I have no record of who was {role} of {org} in {period}."
NO_DEAL_OF = "I have no record of who {label} {name}."
NO_DEAL_BY = "I have no record of what {name} {label}."
NO_BETWEEN = "I have no record of anyone between {a} and {b} as {role}."
NO_EARLIER = "I have nothing on what {name} did before {then}."
NO_LATER = "I have nothing on where {name} went after {then}."
# A follow-up whose answer would be about something other than what it carried (bot.usecases.followup_fit).
FOLLOW_UP_NOT_FOUND = "I have nothing on that about {name}."
NO_ROUND = "I have no record of that {round}."
NO_ONE_ELSE = "I have no one on record besides {names}."
NOTHING_ELSE = "I have nothing else on record besides {names}."
FOLLOW_UP_NOT_THEN = "I have nothing on that for {name} {when}."
NEGATED = "That asks who does not; the record says who does. Ask it that way, e.g. “who runs OpenAI?”"
CORRECTED = "You changed the question midway; please ask it again in one piece."
NOT_LINKED = "Not that I know of: I have nothing linking {a} and {b}."
NOT_KNOWN_YES_NO = "Not that I know of."
NO_ROLE_HELD = "Not that I know of: I have no record of {name} as {role}."
# a role elsewhere begun after every fact tying the person to the organization asked about
MOVED_ON_NOT_STILL = "No, not that I know of: {person} is {roles}."
MOVED_ON_NOT_LEFT = "No departure from {org} on record, but {person} is {roles}."

HELP = """I answer questions about the AI industry from sourced facts: who runs which lab, who founded it,
what was released when, who invested in whom. Each answer shows its source and as-of date.

Ask in plain words: "who runs Stability AI?", "who founded Anthropic?", "when was ChatGPT released?"
Time questions: "who was CEO of OpenAI in 2023?", "who ran Google before Sundar Pichai?", "the first CEO of Intel?"
Follow-ups: keep asking in the same thread, DM or session and I remember what we were talking about:
  "who runs Cohere?" → "who ran it before him?" → "and earlier?" → "and in 2022?" → "what about AI21?"
  "its CTO?", "since when?", "who else?" work too. If I can't tell whom "he" or "it" means, I ask."""

PLATFORM_HELP = {
    "slack": """In Slack: mention me (@factbot who leads Anthropic?) and keep asking in that thread without
mentioning me again, or DM me. /ask QUESTION · /leadership ORG · /fact help (add and correct facts).
Message menu (⋯) → "Ask factbot about this": what I know about the names in a message, just for you.""",
    "discord": """In Discord: mention me or DM me; reply to my answers (or mention me again in a thread) for
follow-ups. /ask question: · /leadership organization: · /help · /fact … (admins) · /suggest (anyone).
Right-click a message → Apps → "Ask factbot": what I know about the names in it, just for you.""",
    "console": """Commands:
  ask QUESTION            answer a question (factbot ask is one question alone; factbot chat keeps the conversation)
  leadership ORG          current leaders and the dated history
  fact add SUBJECT | RELATION | OBJECT [| SINCE [| SOURCE_URL]]   (admins)
  fact end ID [DATE] · fact remove ID · fact restore ID · fact edit ID field=value · fact undo   (admins)
  fact history ID · fact search TEXT · fact gaps""",
}

FACT_HELP = """fact commands (the same on every platform):
  fact add SUBJECT | RELATION | OBJECT [| SINCE [| SOURCE_URL]]   add a fact (admins)
  fact edit ID field=value [field=value …]   change fields: {editable}
  fact end ID [DATE]      a role ended (default: today)
  fact remove ID          retire a fact (it can be restored)
  fact restore ID         bring a retired fact back
  fact history ID         every change to a fact
  fact undo               undo your last change
  fact search TEXT        find facts and their ids
  fact gaps               questions people asked that I could not answer
  fact feedback ID[,ID…] up|down [WHAT IS WRONG]   say whether an answer was right
  fact suggest SUBJECT | RELATION | OBJECT [| SINCE [| SOURCE_URL]]   propose a fact (anyone)
  fact review · fact approve ID · fact reject ID [REASON]   decide on proposals (admins)
  fact stale [AGE]        facts due for re-checking (AGE like 90d, 6m, 1y)
  fact verify ID [URL]    re-confirm a fact today, optionally with a new source
  fact watch ORG · fact unwatch ORG · fact watch   note each change to ORG's facts in this channel (admins)
  fact digest weekly|off  a weekly "leadership changes this week" post in this channel (admins)
Relations: {relations}
Dates: 2024, 2024-06 or 2024-06-25."""

ADDED = "Added fact #{id}: {statement}"
ADDED_ABOUT = "It is about {name} (an existing {kind})."
ADDED_NEW_ENTITY = "New {kind}: {name}."
ADDED_NOT_THE_SAME = "New {kind}: {name} (not {other}: add with that exact name to add to it)."
LOOK_ALIKE = (
    "No entity is called {name!r}. Did you mean {near}? Add again with the exact name "
    "(a new entity needs a name of its own, not a misspelling of a known one)."
)
EDITED = "Updated fact #{id}: {statement}"
REWRITE_FLAGGED = (
    "Its hand-written sentence was kept but may no longer fit the new dates: "
    "it is listed by fact stale until you set statement=…."
)
RESTATED = (
    "Its sentence was rewritten from the new fields (the old one is in the history); "
    "set statement=… to word it better."
)
ENDED = "Fact #{id} now ends {end}: {statement}"
REMOVED = "Removed fact #{id} (restore it with: fact restore {id})."
RESTORED = "Restored fact #{id}: {statement}"
UNDONE = "Undid your last change ({action} of fact #{id})."
VERIFIED = "Fact #{id} re-checked: as of {as_of}."
MAY_HAVE_CHANGED = "As of {when} — may have changed."
STALE = "{count} fact(s) last checked more than {days} days ago (most-asked first):"
NOTHING_STALE = "Every fact was checked in the last {days} days."
THANKS_UP = "Thanks for the feedback!"
THANKS_DOWN = "Thanks: noted, and an admin will see it in 'fact gaps'."
FEEDBACK_PROMPT = "What is wrong with this answer?"
PROPOSED = "Thanks! Proposal #{id} is waiting for an admin: {statement}"
TOO_MANY_PROPOSALS = (
    "You have {count} proposals waiting for review; please wait until an admin has looked at them."
)
NO_PROPOSALS = "No proposals are waiting for review."
PROPOSALS = "{count} proposal(s) waiting for review:"
APPROVED = "Approved proposal #{pid}: it is now fact #{id}."
APPLIED = "Approved proposal #{pid}: fact #{id} is changed."
REJECTED = "Rejected proposal #{pid}{reason}."
TOLD_APPROVED = "Your proposal #{pid} was approved and is now answered: {statement}"
TOLD_REJECTED = "Your proposal #{pid} was not accepted{reason}."
ALREADY_ENDED = "Fact #{id} already ended ({end}). To correct the date: fact end {id} DATE."
ALREADY_REMOVED = "Fact #{id} is already removed."
NOT_REMOVED = "Fact #{id} is not removed."

PERSON_QUESTION = "Who is {name}?"
PRODUCT_QUESTION = "When was {name} released?"

# -- watches and digests -----------------------------------------------------------------------------------
WATCH_NEEDS_CHANNEL = "Watches and digests post into a channel: run this in the channel that should get them."
WATCHING = "This channel now gets a note whenever a fact about {name} is added, ended or changed."
ALREADY_WATCHING = "This channel already watches {name}."
UNWATCHED = "This channel no longer watches {name}."
NOT_WATCHING = "This channel does not watch {name}."
WATCH_LIST = "This channel watches: {names}."
NO_WATCHES = "This channel watches no organization. Start with: fact watch ORG"
DIGEST_ON = "This channel gets a weekly post of leadership changes (each Monday, for the week before)."
DIGEST_ALREADY = "This channel already gets the weekly digest."
DIGEST_OFF = "This channel no longer gets the weekly digest."
DIGEST_NOT_ON = "This channel does not get the weekly digest."
DIGEST_USAGE = "Usage: fact digest weekly|off"
DIGEST_HEAD = "Leadership changes this week ({start} – {end}):"
DIGEST_NONE = "Leadership changes this week ({start} – {end}): none recorded."

BUSY = "The fact base is busy (an import or another change is running); nothing was changed. Try again in a moment."
CANNOT_WRITE = (
    "The fact base cannot be written right now (read-only or the disk is full); nothing was changed."
)
ANSWERED_ABOVE = "I answered that in this channel a moment ago; see just above."
CHANGED_SINCE = "Not undone: fact #{id} was changed again later by {actor}; look at fact history {id} and edit it instead."

# -- commands: refusals and headings -----------------------------------------------------------------
SAME_SUBJECT_OBJECT = "subject and object are the same."
NO_ENTITY_CALLED = "No entity called {name!r}."
ALREADY_STORED = "That fact is already stored as #{id}{hint}."
CANNOT_EDIT = "Cannot edit {name!r}; editable fields: {fields}."
SAY_WHAT_TO_CHANGE = "Say what to change, e.g. fact edit 12 end=2024-06."
SAY_WHAT_TO_SEARCH = "Say what to search for, e.g. fact search Stability."
FEEDBACK_NEEDS_IDS = "Feedback needs the ids of the facts the answer used."
GAPS_HEAD = "Most-asked questions I could not answer, then the facts most often marked wrong:"
NO_PROPOSAL = "There is no proposal #{id}."
ALREADY_DECIDED = "Proposal #{id} was already {status}."
TARGET_REMOVED = "Fact #{id} was removed; restore it first or reject proposal #{pid}."
NAME_AN_ORGANIZATION = "Name an organization, e.g. Stability AI."
