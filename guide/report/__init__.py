"""The referral report: a model built from an interview, rendered as HTML, Markdown or JSON.

The renderers are in `guide.report.formats`; this package imports nothing itself, so a front
end that needs only the result view (`guide.report.result_view`) does not load them.
"""
