"""One SMTP transaction in two round trips, for the edition send loop (RFC 2920 PIPELINING).

smtplib's `sendmail()` waits for a reply after MAIL, RCPT, DATA and the message, and parses every
address with the email package. Here the envelope goes out as one write when the server announces
PIPELINING (MAIL, RCPT and DATA, DATA last as the RFC requires), the message as a second write, and
a caller-supplied `commit()` runs between the two: nothing is delivered before the final "." is sent,
so the caller can let its database write travel while the envelope round trip is in flight and
still have it committed before the server can accept the message.

Errors are smtplib's own exceptions with sendmail's meaning (SMTPSenderRefused,
SMTPRecipientsRefused, SMTPDataError, SMTPServerDisconnected), so callers handle both paths alike.
"""

import re
import smtplib

# Bare addresses that need no quoting in MAIL FROM / RCPT TO: printable ASCII without spaces,
# brackets, quotes, comments or separators, not starting with a dot. Anything else takes smtplib.
_PLAIN_ADDRESS = re.compile(r"[^.\s<>()\[\]\\\",;:@][^\s<>()\[\]\\\",;:@]*@[A-Za-z0-9.\-]+")
_EOL = re.compile(rb"\r\n|\n|\r(?!\n)")
_LEADING_DOT = re.compile(rb"(?m)^\.")


def is_plain_address(address):
    return address.isascii() and address.isprintable() and _PLAIN_ADDRESS.fullmatch(address) is not None


def smtp_data(message: bytes):
    """The bytes sent after DATA for a message: CRLF line ends, leading dots doubled, the final "."."""
    data = _LEADING_DOT.sub(b"..", _EOL.sub(b"\r\n", message))
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class SmtpPipeline:
    """Send messages over an open smtplib.SMTP connection with as few round trips as it allows."""

    def __init__(self, smtp: smtplib.SMTP):
        self.smtp = smtp
        smtp.ehlo_or_helo_if_needed()
        self.pipelining = smtp.does_esmtp and smtp.has_extn("pipelining")
        self.size = smtp.does_esmtp and smtp.has_extn("size")

    def send(self, sender, recipient, data, *, commit):
        """Deliver `data` (from smtp_data()) from `sender` to one plain `recipient`.

        `commit()` is called once the server has answered DATA with 354, before the message goes
        out; if it raises, the connection is dropped mid-DATA, so the server discards the message.
        """
        smtp = self.smtp
        mail = f"MAIL FROM:<{sender}>{f' SIZE={len(data)}' if self.size else ''}\r\n".encode("ascii")
        rcpt = f"RCPT TO:<{recipient}>\r\n".encode("ascii")
        if self.pipelining:
            smtp.send(mail + rcpt + b"DATA\r\n")
            replies = [smtp.getreply(), smtp.getreply(), smtp.getreply()]
        else:
            replies = []
            for command in (mail, rcpt, b"DATA\r\n"):
                smtp.send(command)
                replies.append(smtp.getreply())
                if replies[-1][0] not in (250, 251):
                    break
        (mail_code, mail_reply), *rest = replies
        rcpt_code, rcpt_reply = rest[0] if rest else (None, None)
        data_code, data_reply = rest[1] if len(rest) > 1 else (None, None)
        if mail_code != 250 or rcpt_code not in (250, 251) or data_code != 354:
            self._abandon(in_data=data_code == 354, closing=421 in (mail_code, rcpt_code, data_code))
            if mail_code != 250:
                raise smtplib.SMTPSenderRefused(mail_code, mail_reply, sender)
            if rcpt_code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({recipient: (rcpt_code, rcpt_reply)})
            raise smtplib.SMTPDataError(data_code, data_reply)
        try:
            commit()
        except BaseException:
            smtp.close()  # mid-DATA without the final ".": the server must drop the message
            raise
        smtp.send(data)
        code, reply = smtp.getreply()
        if code != 250:
            self._abandon(in_data=False, closing=code == 421)
            raise smtplib.SMTPDataError(code, reply)

    def _abandon(self, *, in_data, closing):
        """Leave a failed transaction as sendmail() does: RSET, or close when the server is going away."""
        if closing or in_data:  # a server that said 354 anyway waits for a message we won't send
            self.smtp.close()
        else:
            try:
                self.smtp.rset()
            except smtplib.SMTPServerDisconnected:
                pass
