"""gunicorn's settings for the production image (read from the working directory).

The access log leaves out the query string and the referrer: searches put names and e-mail
addresses in URLs (?q=, ?zoek=, ?term=), and those must not end up in log files; nor do the
tokens of personal links in paths.
"""

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
# Personal links (/uitnodiging/<token>/, /trainingen/inschrijving/<token>/) are masked.
logger_class = "config.logboek.GunicornLogger"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
