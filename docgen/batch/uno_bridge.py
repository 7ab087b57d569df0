"""The UNO side of :mod:`docgen.batch.office`: a script run by a Python that can ``import uno``
(Debian's /usr/bin/python3 with python3-uno, or LibreOffice's own program/python), never
imported by docgen itself, which runs in a virtual environment that has no uno.

    python3 uno_bridge.py PIPE SOFFICE_PID PARENT_PID CONNECT_SECONDS FOLDER

It connects to the LibreOffice listening on the named pipe PIPE (retrying while it starts, up
to CONNECT_SECONDS), says ``{"ready": true}`` on a line (or ``{"error": "..."}`` and ends), then
answers one JSON object a line on stdin with one on stdout::

    {"source": "/…/a.docx", "target": "/…/a.pdf", "mode": "pdf" | "pdfa" | "page1"}
    → {"ok": true} | {"ok": false, "error": "…", "lost": true | false}

(``"error": "unopened"``: LibreOffice could not open the document, which docgen says in its
own words.)

``pdfa`` is PDF/A-2b (``SelectPdfVersion`` 2), ``page1`` only the first page (``PageRange``).
``lost`` says that the connection to LibreOffice itself is gone (it died), not only this
document. The standard library and uno only: docgen is not importable here. Its details are
English, as LibreOffice says them; docgen puts them in its own (translated) messages.

When its stdin closes, or its parent (the process of the Office) ends without closing it,
killed or terminated with no chance to clean up (a thread here notices, even while a
conversion hangs), it kills LibreOffice's process group (it was started in a session of its
own, so its pid is the group's), removes FOLDER (LibreOffice's private profile and the PDFs
made there) and ends: nothing is left behind by a docgen that died.
"""

import contextlib
import json
import os
import shutil
import signal
import sys
import threading
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

WATCH_SECONDS = 0.5  # how often the parent is looked for
RETRY_SECONDS = 0.05  # between attempts to connect while LibreOffice starts


def prop(name, value):
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def watch(parent, soffice, folder):
    """End with the parent (it is given to init, or a subreaper, when it ends)."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    end(soffice, folder)
    os._exit(1)


def end(soffice, folder):
    """Kill LibreOffice's process group (its session's: its pid) and remove its folder."""
    with contextlib.suppress(OSError):
        os.killpg(soffice, signal.SIGKILL)
    time.sleep(0.2)  # SIGKILL is delivered at once, but LibreOffice's files close as it ends
    shutil.rmtree(folder, ignore_errors=True)


def connect(pipe, seconds):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException while LibreOffice starts
            if time.monotonic() > deadline:
                raise
            time.sleep(RETRY_SECONDS)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


UNOPENED = "unopened"  # what convert says of a document LibreOffice cannot open (docgen words it)


def convert(desktop, source, target, mode):
    # no window, nothing written back, no macro run and no link followed (0: NEVER_EXECUTE,
    # NO_UPDATE in com.sun.star.document.MacroExecMode and UpdateDocMode)
    hidden = (
        prop("Hidden", True),
        prop("ReadOnly", True),
        prop("MacroExecutionMode", 0),
        prop("UpdateDocMode", 0),
    )
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, hidden)
    if document is None:
        return UNOPENED
    try:
        data = []
        if mode == "pdfa":
            data.append(prop("SelectPdfVersion", 2))
        if mode == "page1":
            data.append(prop("PageRange", "1"))
        arguments = [prop("FilterName", "writer_pdf_Export")]
        if data:
            typed = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(data))
            arguments.append(prop("FilterData", typed))
        document.storeToURL(uno.systemPathToFileUrl(target), tuple(arguments))
    finally:
        document.close(True)
    return ""


def lost(exc):
    """Whether ``exc`` says the connection to LibreOffice is gone (it died or was killed)."""
    said = f"{type(exc).__name__} {exc}".lower()
    return "disposed" in said or "connection" in said


def say(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    pipe, soffice, parent, seconds, folder = sys.argv[1:6]
    soffice, parent = int(soffice), int(parent)
    threading.Thread(target=watch, args=(parent, soffice, folder), daemon=True).start()
    try:
        desktop = connect(pipe, float(seconds))
    except Exception as exc:
        say({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    say({"ready": True})
    try:
        for line in sys.stdin:
            try:
                request = json.loads(line)
                error = convert(desktop, request["source"], request["target"], request["mode"])
                say({"ok": not error, "error": error, "lost": False})
            except Exception as exc:
                message = str(exc).splitlines()[0] if str(exc) else ""
                say({"ok": False, "error": f"{type(exc).__name__}: {message}", "lost": lost(exc)})
    except BrokenPipeError:  # its process died while a document was converted: no one to answer
        return 1
    finally:
        end(soffice, folder)  # or stdin closed: the office is done with LibreOffice, or died
    return 0


if __name__ == "__main__":
    sys.exit(main())
