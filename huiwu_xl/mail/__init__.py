"""E-mailing the generated files (发送邮件).

- plan.py      units + file names + template → one PlannedMessage per unit (pure)
- compose.py   a message's plain data → RFC 5322 bytes, header-injection safe (pure)
- settings.py  邮件设置 → MailSettings; the password from the environment or the OS keyring
- journal.py   the durable send record in the output folder (JSON lines, fsync'd per event)
- transport.py SMTP over SSL / STARTTLS / plain, with a definite-or-uncertain verdict per message
- batch.py     plan + journal + transport → sent messages and the 邮件记录 rows; the dry run
The service reading the workbook is huiwu_xl/services/mail.py.
"""
