"""gunicorn's settings for the production image (read from the working directory).

The access log leaves out the query string and the referrer: searches put names and e-mail
addresses in URLs (?q=, ?zoek=, ?term=), and those must not end up in log files.
"""

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
