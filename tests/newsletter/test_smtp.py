"""The pipelined SMTP path against a real server: delivered only after the caller's commit."""

import smtplib

import pytest

from newsletter.smtp import SmtpPipeline, smtp_data

MESSAGE = b"From: sauce@flux.example\r\nTo: one@example.com\r\nSubject: hi\r\n\r\nHello.\r\n.A dotted line.\r\n"


@pytest.fixture(params=[True, False], ids=["pipelining", "one-command-at-a-time"])
def pipeline(request, smtp_server):
    smtp_server.handler.pipelining = request.param
    smtp = smtplib.SMTP("127.0.0.1", smtp_server.port, timeout=10)
    pipeline = SmtpPipeline(smtp)
    assert pipeline.pipelining is request.param
    yield pipeline
    smtp.close()


def test_message_goes_out_after_the_commit(pipeline, smtp_server):
    order = []
    pipeline.send("sauce@flux.example", "one@example.com", smtp_data(MESSAGE), commit=lambda: order.append("commit"))
    pipeline.send("sauce@flux.example", "two@example.com", smtp_data(MESSAGE), commit=lambda: order.append("commit"))
    assert order == ["commit", "commit"]
    assert [m["Subject"] for m in smtp_server.messages] == ["hi", "hi"]
    assert ".A dotted line." in smtp_server.messages[0].get_content()


def test_a_failed_commit_drops_the_message(pipeline, smtp_server):
    def commit():
        raise RuntimeError("the database said no")

    with pytest.raises(RuntimeError):
        pipeline.send("sauce@flux.example", "one@example.com", smtp_data(MESSAGE), commit=commit)
    assert smtp_server.messages == []
    # The connection is gone, and the server never delivers the half-sent transaction.
    with pytest.raises(smtplib.SMTPServerDisconnected):
        pipeline.smtp.noop()
    assert smtp_server.messages == []


def test_refusals_raise_what_sendmail_raises_and_the_connection_goes_on(pipeline, smtp_server):
    smtp_server.handler.reject.add("gone@example.com")
    smtp_server.handler.defer.add("busy@example.com")
    committed = []
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        pipeline.send("sauce@flux.example", "gone@example.com", smtp_data(MESSAGE), commit=lambda: committed.append(1))
    assert refused.value.recipients["gone@example.com"][0] == 550
    with pytest.raises(smtplib.SMTPRecipientsRefused) as deferred:
        pipeline.send("sauce@flux.example", "busy@example.com", smtp_data(MESSAGE), commit=lambda: committed.append(1))
    assert deferred.value.recipients["busy@example.com"][0] == 451
    pipeline.send("sauce@flux.example", "one@example.com", smtp_data(MESSAGE), commit=lambda: committed.append(1))
    assert committed == [1]
    assert [m["To"] for m in smtp_server.messages] == ["one@example.com"]
