"""The Latvian language as documents need it: amounts in words (:mod:`.words`), figures,
percentages and dates in each case (:mod:`.formatting`), names, titles and institutions declined
(:mod:`.names`)."""
