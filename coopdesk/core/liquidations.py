"""Liquidations: the member's printed settlement of a distribution run, the
board's summary, and the run's criteria as a document («Criterios de
distribución») for the assembly.

The core gathers the data (the stored run, members, products, cooperative) and
hands plain objects to a *renderer* that writes the files. The renderer comes
from ``coopdesk.reports`` (``coopdesk.reports.distribution_pdfs.PDF``); the core
may not import the reports package (import-linter: core and reports are
independent layers), so the face that opens the book gives it::

    book.liquidations.renderer = PDF        # once, or renderer=PDF per call

``write_all`` writes one file per member; with many members it uses every core
(a process pool: each worker renders from the data the parent read once, so
workers never touch the database). A file is written under a temporary name
and renamed when complete: a cancelled or failed run leaves only whole files.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Protocol, Sequence

from sqlalchemy import select

from coopdesk.core.distributions import RunRow
from coopdesk.core.documents import Subject
from coopdesk.core.run_ledger import run_ledger
from coopdesk.core.errors import NotFound, N_
from coopdesk.db.models import DistributionCriteria, DistributionRun, Member, Product, Zone
from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.distribution.compare import MemberInfo as GroupInfo
from coopdesk.domain.distribution import record
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.model import Criteria, DistributionResult, MemberSeason
from coopdesk.domain.documents import BOARD_SUMMARY, LIQUIDATION, IssuedDocument
from coopdesk.domain.statement import CampaignInfo, CooperativeInfo, MemberInfo
from coopdesk.i18n import language, set_language
from coopdesk.domain.names import letter_name, list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# With fewer members than this, one process is faster than starting workers.
PARALLEL_FROM = 60
# Members per piece of a batch's joined PDF: ReportLab keeps a document's pages
# in memory until it saves, so the job is laid out this many at a time.
PIECE = 40
ZONE, POINT = "zona", "centro"  # how a batch is grouped (``Liquidations.groups``)


@dataclass(frozen=True)
class RunContext:
    """What every page of a run's documents shows besides the member's own figures."""

    cooperative: CooperativeInfo
    campaign: CampaignInfo
    run: RunRow
    criteria: Criteria | None
    products: Mapping[str, str]  # product code -> name
    printed_on: date
    criteria_text: str = ""  # the criteria exactly as stored (TOML)
    criteria_status: str | None = None  # the criteria document's: "borrador", "aprobado", "reemplazado"
    document: IssuedDocument | None = None  # the board summary's own number (published runs)
    audit_head: Any = None  # the audit trail's head printed on the board's summary (``core.audit_heads.Head``)
    members_sharing: int | None = None  # members with an amount in the run («repartió S/ Y entre N socios»)
    ledger: Any = None  # the run's journal entries and their tie to the books (``RunLedger``; the board's summary)


@dataclass(frozen=True)
class MemberPart:
    """One member's data for their liquidation; ``result`` is the run's result
    cut down to this member (their shares and payout, every pot's totals)."""

    member: MemberInfo
    season: MemberSeason
    result: DistributionResult
    code: str = ""  # the member's own verification code (published runs; docs/seals.md)
    document: IssuedDocument | None = None  # the liquidation's own number (published runs; docs/documents.md)


class Renderer(Protocol):
    def filename(self, run_number: int, member_code: str) -> str: ...

    def summary_filename(self, run_number: int) -> str: ...

    def member(self, context: RunContext, part: MemberPart, out: str) -> None: ...

    def members(self, context: RunContext, parts: Sequence[MemberPart], out: str,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                duplex: bool = False) -> bool: ...

    def summary(self, context: RunContext, result: DistributionResult, members: Sequence[GroupInfo],
                out: str) -> None: ...

    def criteria_filename(self, run_number: int) -> str: ...

    def criteria(self, context: RunContext, out: str) -> None: ...

    def batch_filename(self, run_number: int) -> str: ...

    def separator(self, context: RunContext, group: str, members: int, out: str, duplex: bool = False) -> None: ...

    def join(self, out: str, title: str = "", author: str = "") -> Any: ...


def _for_member(result: DistributionResult, code: str) -> DistributionResult:
    """The result with only ``code``'s shares and payout (every pot keeps its totals)."""
    def cut(pot):
        return replace(pot, shares={code: pot.shares[code]} if code in pot.shares else {})

    changes: dict[str, Any] = {"pots": tuple(cut(p) for p in result.pots),
                               "payouts": {code: result.payouts[code]}}
    if getattr(result, "streams", ()):
        changes["streams"] = tuple(replace(s, pots=tuple(cut(p) for p in s.pots)) for s in result.streams)
    return replace(result, **changes)


def _write_whole(path: Path, write: Callable[[str], Any]) -> Any:
    """Write ``path`` through a temporary name in the same folder, renamed when
    complete; on any error (or a cancelled write returning False) nothing is left."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        outcome = write(str(tmp))
        if outcome is False:
            tmp.unlink(missing_ok=True)
            return False
        os.replace(tmp, path)
        return outcome
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise



def _list_items(stored: bytes, chunk: int = 1 << 20) -> Iterable[tuple[Any, str]]:
    """The items of a compressed JSON list (a run's stored inputs), one at a time:
    each decoded and its text. The list is decompressed ``chunk`` bytes at a time,
    so neither it nor its text is ever whole in memory."""
    import codecs
    import json
    import zlib

    decoder, inflate, utf8 = json.JSONDecoder(), zlib.decompressobj(), codecs.getincrementaldecoder("utf-8")()
    pending, text, at = stored, "", 0

    def more() -> bool:
        nonlocal pending, text, at
        if inflate.eof:
            return False
        if pending:
            piece = inflate.decompress(pending, chunk)
            pending = inflate.unconsumed_tail
        else:
            piece = inflate.flush()
            if not inflate.eof:
                zlib.decompress(stored)  # a stream cut short: zlib's own error
        text, at = text[at:] + utf8.decode(piece, final=inflate.eof), 0
        return True

    def char() -> str:
        while at >= len(text):
            if not more():
                raise ValueError("the stored inputs end before their list does")
        return text[at]

    while char() in " \n\r\t":
        at += 1
    if char() != "[":
        raise ValueError("the stored inputs are not a list")
    at += 1
    while True:
        while char() in " \n\r\t,":
            at += 1
        if char() == "]":
            return
        while True:
            try:
                item, end = decoder.raw_decode(text, at)
                if end < len(text) or inflate.eof:  # a number cut at the chunk's end would read short
                    break
            except ValueError:
                pass
            if not more():
                item, end = decoder.raw_decode(text, at)  # the list's last chunk: its own error
                break
        yield item, text[at:end]
        at = end


class _LeanRun:
    """A sealed run's members for a print job of any size: each member's inputs
    and cut of the results (what ``_for_member`` gives) kept as compressed JSON,
    a few hundred bytes each, and decoded only when their piece is laid out. The
    decoded run (several KB of objects a member) is never held whole, so the job
    of 50,000 members does not take 50,000 members' objects
    (``benchmarks/bench_batch_pdf.py``)."""

    def __init__(self, inputs_stored: bytes, results_json: bytes):
        import json
        import zlib

        from coopdesk.core import seals

        results = seals.Results(results_json)  # a member's payout at a time, never all decoded at once
        skeleton = results.rest
        pots = skeleton["pots"]
        stream_pots = [s["pots"] for s in skeleton.get("streams") or ()]
        self.sharing = 0
        self._results: dict[str, bytes] = {}
        for code, payout in results.payouts():
            self.sharing += Decimal(payout["gross"]) > 0
            own = {"payout": payout,
                   "pots": {i: pot["shares"][code] for i, pot in enumerate(pots) if code in pot["shares"]},
                   "streams": [{i: pot["shares"][code] for i, pot in enumerate(sp) if code in pot["shares"]}
                               for sp in stream_pots]}
            self._results[code] = zlib.compress(json.dumps(own, separators=(",", ":")).encode("utf-8"))
        for pot in pots:
            pot["shares"] = {}
        for sp in stream_pots:
            for pot in sp:
                pot["shares"] = {}
        skeleton["payouts"] = {}
        self._skeleton = json.dumps(dict(sorted(skeleton.items())), separators=(",", ":"))  # keys as stored
        del results, skeleton, pots, stream_pots
        self._inputs: dict[str, bytes] = {}
        for season, text in _list_items(inputs_stored):  # decompressed a chunk at a time
            self._inputs[season["code"]] = zlib.compress(text.encode("utf-8"))

    @property
    def codes(self) -> Iterable[str]:
        return self._results.keys()

    def season(self, code: str) -> MemberSeason:
        import json
        import zlib

        return record.from_jsonable(MemberSeason, json.loads(zlib.decompress(self._inputs[code])))

    def result(self, code: str) -> DistributionResult:
        """The run's result cut down to ``code``: as ``_for_member`` of the whole."""
        import json
        import zlib

        own = json.loads(zlib.decompress(self._results[code]))
        whole = json.loads(self._skeleton)
        whole["payouts"] = {code: own["payout"]}
        for i, share in own["pots"].items():
            whole["pots"][int(i)]["shares"] = {code: share}
        for stream, shares in zip(whole.get("streams") or (), own["streams"]):
            for i, share in shares.items():
                stream["pots"][int(i)]["shares"] = {code: share}
        return record.from_jsonable(DistributionResult, whole)

    def part(self, lean: MemberPart) -> MemberPart:
        return replace(lean, season=self.season(lean.member.code), result=self.result(lean.member.code))


# ------------------------------------------------------------------ worker processes

_worker: tuple[Renderer, RunContext, Any] | None = None


def _worker_start(renderer: Renderer, context: RunContext, lang: str, stop) -> None:
    global _worker
    set_language(lang)
    _worker = (renderer, context, stop)


def _worker_chunk(parts: Sequence[MemberPart], out_dir: str) -> list[str]:
    """Write a chunk's files; stops between members when the parent says so."""
    renderer, context, stop = _worker
    written = []
    for part in parts:
        if stop.is_set():
            break
        path = Path(out_dir) / renderer.filename(context.run.number, part.member.code)
        _write_whole(path, lambda tmp, part=part: renderer.member(context, part, tmp))
        written.append(part.member.code)
    return written


def _worker_piece(index: int, parts: Sequence[MemberPart], path: str, duplex: bool = False) -> int:
    """Write one piece of a batch (a few dozen members in one file) in a worker."""
    renderer, context, stop = _worker
    if stop.is_set():
        return -1
    _write_whole(Path(path), lambda tmp: renderer.members(context, parts, tmp, duplex=duplex))
    return index


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


# ------------------------------------------------------------------ the use cases


class Liquidations:
    def __init__(self, book: "Book", renderer: Renderer | None = None):
        self._book = book
        self.renderer = renderer


    def _renderer(self, renderer: Renderer | None) -> Renderer:
        renderer = renderer or self.renderer
        if renderer is None:
            raise RuntimeError("no renderer: set book.liquidations.renderer = coopdesk.reports.distribution_pdfs.PDF")
        return renderer

    # -- data -----------------------------------------------------------------

    def context(self, run_number: int, printed_on: date | None = None) -> tuple[RunContext, Any]:
        """The run's context for printing, and the stored run (criteria, inputs, result).
        A published run is checked against its seal first: a run altered since it was
        published is refused (``SealBroken``), never printed under its genuine code."""
        stored = self._book.distributions.sealed(run_number)
        sharing = sum(1 for p in stored.result.payouts.values() if p.gross > 0)
        return self._context(stored.row, stored.criteria_text, sharing, printed_on), stored

    def _context(self, row: RunRow, criteria_text: str, sharing: int, printed_on: date | None) -> RunContext:
        run_number = row.number
        coop = self._book.cooperative
        campaign = self._book.campaigns.get(row.campaign)
        criteria, _problems = read_criteria(criteria_text)
        with self._book.read() as session:
            products = dict(session.execute(select(Product.code, Product.name)).all())
            criteria_status = session.scalar(
                select(DistributionCriteria.status).join(DistributionRun,
                                                         DistributionRun.criteria_id == DistributionCriteria.id)
                .where(DistributionRun.number == run_number))
        return RunContext(
            cooperative=CooperativeInfo(coop.name, coop.ruc, coop.address, coop.city, coop.locale),
            campaign=CampaignInfo(campaign.code, campaign.name, campaign.start_date, campaign.end_date),
            run=row, criteria=criteria, products=products, printed_on=printed_on or self._book.clock.today(),
            criteria_text=criteria_text, criteria_status=criteria_status, members_sharing=sharing)

    def _members(self, codes: Iterable[str]) -> list[tuple[MemberInfo, GroupInfo]]:
        """The run's members in padrón order (by surname), with DNI and groups."""
        wanted = set(codes)
        with self._book.read() as session:
            rows = session.execute(
                select(Member.code, Member.dni, Member.first_names, Member.last_names, Zone.name, Member.gender,
                       Member.certification)
                .join(Zone, Member.zone_id == Zone.id).order_by(Member.sort_key, Member.id))
            return [(MemberInfo(code, dni, letter_name(first, last), zone, cert),
                     GroupInfo(code, list_name(first, last), zone, gender, cert, dni or ""))
                    for code, dni, first, last, zone, gender, cert in rows if code in wanted]

    def parts(self, run_number: int, members: Iterable[str] | None = None,
              stored=None) -> list[MemberPart]:
        """Each member's data for their liquidation, in padrón order (``members``:
        codes, any case; default every member of the run)."""
        if stored is None:
            stored = self._book.distributions.sealed(run_number)
        result = stored.result
        seasons = {s.code: s for s in stored.inputs}
        codes = stored.member_codes
        return [MemberPart(info, seasons[info.code], _for_member(result, info.code), codes.get(info.code, ""))
                for info in self._in_run(result.payouts, members)]

    def _in_run(self, in_the_run: Iterable[str], members: Iterable[str] | None) -> list[MemberInfo]:
        """The run's members (``members``: codes, any case; default all) in padrón order."""
        in_run = self._members(in_the_run)
        if members is not None:
            folded = {c.upper(): c for c in in_the_run}  # codes as typed, in any case
            asked = []
            for code in members:
                if code.strip().upper() not in folded:
                    raise NotFound(N_("No existe el socio %(code)s."), code=code)
                asked.append(folded[code.strip().upper()])
            wanted = set(asked)
            in_run = [m for m in in_run if m[0].code in wanted]
        return [info for info, _group in in_run]

    # -- numbers --------------------------------------------------------------

    def _numbered(self, context: RunContext, parts: list[MemberPart]) -> list[MemberPart]:
        """A published run's liquidations with their numbers: the first printing
        of a member's takes the next number, later ones are reprints of it."""
        if context.run.status != RunStatus.PUBLISHED or not parts:
            return parts
        issued = self._book.documents.issue(LIQUIDATION, [
            Subject(f"run:{context.run.number}/member:{p.member.code}", context.run.fingerprint or "")
            for p in parts])
        return [replace(p, document=d) for p, d in zip(parts, issued)]

    def _summary_numbered(self, context: RunContext) -> RunContext:
        if context.run.status != RunStatus.PUBLISHED:
            return context
        from coopdesk.core.book_files import DiskFull, ReadOnlyFile

        subject = Subject(f"run:{context.run.number}", context.run.fingerprint or "")
        try:
            [issued] = self._book.documents.issue(BOARD_SUMMARY, [subject])
        except (ReadOnlyFile, DiskFull):  # a book that cannot be written: its number if it has one, unrecorded
            issued = self._book.documents.issued(BOARD_SUMMARY, subject)
        return replace(context, document=issued)

    # -- writing --------------------------------------------------------------

    def write_member(self, run_number: int, member_code: str, path: str | os.PathLike, *,
                     printed_on: date | None = None, renderer: Renderer | None = None) -> Path:
        """One member's liquidation to ``path``."""
        renderer = self._renderer(renderer)
        context, stored = self.context(run_number, printed_on)
        [part] = self._numbered(context, self.parts(run_number, [member_code], stored))
        path = Path(path)
        _write_whole(path, lambda tmp: renderer.member(context, part, tmp))
        return path

    def write_members(self, run_number: int, path: str | os.PathLike, members: Iterable[str] | None = None,
                      progress: Progress | None = None, cancelled: Cancelled | None = None, *,
                      printed_on: date | None = None, renderer: Renderer | None = None) -> Path | None:
        """Many members' liquidations in one file, one member from each new page
        (for printing in one go). Returns None, writing nothing, if cancelled."""
        renderer = self._renderer(renderer)
        context, stored = self.context(run_number, printed_on)
        parts = self._numbered(context, self.parts(run_number, members, stored))
        path = Path(path)
        done = _write_whole(path, lambda tmp: renderer.members(context, parts, tmp, progress, cancelled))
        return None if done is False else path

    def write_all(self, run_number: int, out_dir: str | os.PathLike, members: Iterable[str] | None = None,
                  progress: Progress | None = None, cancelled: Cancelled | None = None, *,
                  printed_on: date | None = None, renderer: Renderer | None = None,
                  workers: int | None = None) -> list[Path]:
        """One file per member in ``out_dir`` (``liquidacion-<run>-<code>.pdf``),
        in padrón order; returns the files written.

        ``progress(done, total)`` after each file (or chunk of files);
        ``cancelled()`` returning True stops early: files already written stay,
        no partial file is left. ``workers``: processes to use (default: every
        core; 1 renders here, as it also does for few members)."""
        renderer = self._renderer(renderer)
        context, lean, parts = self._lean(run_number, members, printed_on)
        return self._write_each(renderer, context, parts, Path(out_dir), progress, cancelled, workers, lean.part)

    def _lean(self, run_number: int, members: Iterable[str] | None,
              printed_on: date | None) -> tuple[RunContext, _LeanRun, list[MemberPart]]:
        """The run checked against its seal (``SealBroken``), its context, and its
        members' parts, numbered, in padrón order, without their figures: each
        member's are kept compressed and decoded by ``lean.part`` when their piece is
        laid out (memory: 50,000 members)."""
        text, inputs_stored, results_json, member_codes = self._book.distributions.sealed_json(run_number)
        lean = _LeanRun(inputs_stored, results_json)
        del inputs_stored, results_json
        context = self._context(self._book.distributions.get(run_number), text, lean.sharing, printed_on)
        codes = member_codes or {}
        parts = self._numbered(context, [MemberPart(info, None, None, codes.get(info.code, ""))  # type: ignore[arg-type]
                                         for info in self._in_run(lean.codes, members)])
        return context, lean, parts

    def _write_each(self, renderer: Renderer, context: RunContext, parts: list[MemberPart], out: Path,
                    progress: Progress | None, cancelled: Cancelled | None, workers: int | None,
                    whole: Callable[[MemberPart], MemberPart] = lambda p: p) -> list[Path]:
        """One file per member of ``parts``; ``whole`` gives a part its figures, as
        each is written (``_LeanRun.part``): never every member's at once."""
        run_number = context.run.number
        out.mkdir(parents=True, exist_ok=True)
        workers = _cpu_count() if workers is None else max(1, workers)
        total = len(parts)
        if workers == 1 or total < PARALLEL_FROM:
            written = []
            for part in parts:
                if cancelled is not None and cancelled():
                    break
                path = out / renderer.filename(run_number, part.member.code)
                _write_whole(path, lambda tmp, part=part: renderer.member(context, whole(part), tmp))
                written.append(path)
                if progress is not None:
                    progress(len(written), total)
            return written
        done = self._in_processes(renderer, context, parts, out, workers, progress, cancelled, whole)
        return [out / renderer.filename(run_number, p.member.code) for p in parts if p.member.code in done]

    @staticmethod
    def _in_processes(renderer: Renderer, context: RunContext, parts: list[MemberPart], out: Path, workers: int,
                      progress: Progress | None, cancelled: Cancelled | None,
                      whole: Callable[[MemberPart], MemberPart] = lambda p: p) -> set[str]:
        """Chunks of members rendered by ``workers`` processes ("spawn": safe in a
        program with threads, and the same on Windows). A bounded window of chunks
        is in flight, each given its figures (``whole``) as it is sent. Cancelling
        stops the chunks not started and tells the running ones to stop after their
        current file. An error in a worker stops the rest and is raised here."""
        total = len(parts)
        if cancelled is not None and cancelled():  # cancelled before a process is started: nothing to stop
            return set()
        size = max(5, min(100, total // (workers * 6) or 1))
        queue = [parts[i:i + size] for i in range(0, total, size)]
        queue.reverse()  # popped from the end: in padrón order
        mp = multiprocessing.get_context("spawn")
        stop = mp.Event()
        done: set[str] = set()
        error: BaseException | None = None
        with ProcessPoolExecutor(max_workers=min(workers, len(queue)), mp_context=mp, initializer=_worker_start,
                                 initargs=(renderer, context, language(), stop)) as pool:
            pending: set[Future] = set()
            while queue or pending:
                while queue and len(pending) < workers * 2 and error is None:
                    pending.add(pool.submit(_worker_chunk, [whole(p) for p in queue.pop()], str(out)))
                finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    if future.cancelled():
                        continue
                    try:
                        done.update(future.result())
                    except BaseException as exc:  # noqa: BLE001 - raised below, once the pool is stopped
                        error = error or exc
                    if progress is not None and error is None:
                        progress(len(done), total)
                if error is not None or (cancelled is not None and cancelled()):
                    stop.set()
                    queue.clear()
                    for future in pending:
                        future.cancel()
        if error is not None:
            raise error
        return done

    # -- one print job ----------------------------------------------------------

    def groups(self, parts: Sequence[MemberPart], by: str = ZONE,
               campaign: str = "") -> list[tuple[str, list[MemberPart]]]:
        """``parts`` split by the member's zone (``ZONE``) or collection point
        (``POINT``: where they delivered most kilos in the campaign; a tie goes to
        the point first by name), groups ordered by name, members kept in padrón
        order; a member with none goes to a last group («Sin zona», «Sin centro de
        acopio»)."""
        from coopdesk.i18n import _

        if by not in (ZONE, POINT):
            raise ValueError(by)
        if by == ZONE:
            key = {p.member.code: p.member.zone or "" for p in parts}
            none = _("Sin zona")
        else:
            key = self._points([p.member.code for p in parts], campaign)
            none = _("Sin centro de acopio")
        grouped: dict[str, list[MemberPart]] = {}
        for part in parts:
            grouped.setdefault(key.get(part.member.code, ""), []).append(part)
        names = sorted((g for g in grouped if g), key=lambda g: (g.casefold(), g))
        out = [(g, grouped[g]) for g in names]
        if "" in grouped:
            out.append((none, grouped[""]))
        return out

    def _points(self, codes: Sequence[str], campaign: str) -> dict[str, str]:
        """Each member's main collection point in the run's campaign (most kilos)."""
        from sqlalchemy import func

        from coopdesk.db.models import Campaign, CollectionPoint, Delivery

        wanted = set(codes)
        with self._book.read() as session:
            rows = session.execute(
                select(Member.code, CollectionPoint.name, func.sum(Delivery.net_kg))
                .join(Delivery, Delivery.member_id == Member.id)
                .join(CollectionPoint, Delivery.collection_point_id == CollectionPoint.id)
                .join(Campaign, Delivery.campaign_id == Campaign.id)
                .where(Campaign.code == campaign, Delivery.voided_at.is_(None))
                .group_by(Member.code, CollectionPoint.name)).all()
        best: dict[str, tuple] = {}
        for code, point, grams in rows:
            if code in wanted:
                rank = (-(grams or 0), point.casefold(), point)
                if code not in best or rank < best[code]:
                    best[code] = rank
        return {code: rank[2] for code, rank in best.items()}

    def write_batch(self, run_number: int, path: str | os.PathLike, members: Iterable[str] | None = None,
                    progress: Progress | None = None, cancelled: Cancelled | None = None, *,
                    by: str = ZONE, each_in: str | os.PathLike | None = None, printed_on: date | None = None,
                    renderer: Renderer | None = None, workers: int | None = None,
                    duplex: bool = False) -> Path | None:
        """The run's liquidations as ONE PDF to print in one job: grouped by zone
        or collection point (``groups``), each group opened by a separator page
        and bookmarked. With ``each_in``, also one file per member in that folder
        (the same numbers: printing once issues each liquidation's number once).
        With ``duplex`` (printed two-sided) every member's papers start on a front
        page: a blank page after each separator and after a member whose pages
        are odd in number (the files per member stay as they are).

        The job is written piece by piece (``PIECE`` members at a time, on every
        core) and joined as it goes, so 50,000 liquidations fit in little memory
        (``benchmarks/bench_batch_pdf.py``). Returns the path, or None if
        cancelled: then no joined file is left (files per member already
        written stay, each whole)."""
        renderer = self._renderer(renderer)
        # each member's data stays compressed until their piece is laid out (memory: 50,000 members)
        context, lean, parts = self._lean(run_number, members, printed_on)
        if not parts:
            raise NotFound(N_("La distribución N.º %(number)s no tiene socios que imprimir."), number=run_number)
        groups = self.groups(parts, by, context.run.campaign)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        work = path.with_name(f".{path.name}.{os.getpid()}.parts")
        work.mkdir(exist_ok=True)
        total = len(parts) * (2 if each_in is not None else 1)
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, total)

        def stop() -> bool:
            return cancelled is not None and cancelled()

        # the pieces: (separator of group g) then its members in PIECE-sized files
        pieces: list[tuple[str, str, Any]] = []  # (file, bookmark, members or (group, count))
        for g, (name, group) in enumerate(groups):
            pieces.append((str(work / f"{g:05d}-0.pdf"), name, (name, len(group))))
            for i in range(0, len(group), PIECE):
                pieces.append((str(work / f"{g:05d}-{i // PIECE + 1:05d}.pdf"), "", group[i:i + PIECE]))
        try:
            joined = _write_whole(path, lambda tmp: self._join(renderer, context, pieces, tmp, step, stop,
                                                               workers, duplex, lean.part))
            if joined is False:
                return None
            if each_in is not None:
                def each_progress(d: int, _t: int) -> None:
                    if progress is not None:
                        progress(len(parts) + d, total)

                self._write_each(renderer, context, parts, Path(each_in), each_progress, cancelled, workers,
                                 lean.part)  # each member decoded as their file is written, as the pieces are
            return path
        finally:
            for leftover in work.iterdir():
                leftover.unlink(missing_ok=True)
            work.rmdir()

    def _join(self, renderer: Renderer, context: RunContext, pieces, out: str, step, stop, workers,
              duplex: bool = False, whole: Callable[[MemberPart], MemberPart] = lambda p: p) -> bool:
        """Render ``pieces`` (separator pages here, members' pieces on every core)
        and append them to one PDF in order, each piece removed once appended."""
        from coopdesk.i18n import _

        join = renderer.join(out, title=_("Liquidaciones de %(name)s") % {"name": context.run.name},
                             author=context.cooperative.name)
        ok = False
        try:
            for file, _bookmark, what in pieces:  # separators: small, made here first
                if isinstance(what, tuple):
                    renderer.separator(context, what[0], what[1], file, duplex=duplex)
            workers = _cpu_count() if workers is None else max(1, workers)
            members = [(i, p) for i, p in enumerate(pieces) if not isinstance(p[2], tuple)]
            ready: set[int] = {i for i, p in enumerate(pieces) if isinstance(p[2], tuple)}
            following = 0

            def append_ready() -> None:
                nonlocal following
                while following in ready:
                    file, bookmark, what = pieces[following]
                    join.append(file, bookmark)
                    Path(file).unlink(missing_ok=True)
                    if not isinstance(what, tuple):
                        step(len(what))
                    following += 1

            if workers == 1 or len(members) < 2:
                for i, (file, _b, what) in members:
                    if stop():
                        return False
                    _write_whole(Path(file), lambda tmp, what=what: renderer.members(
                        context, [whole(p) for p in what], tmp, duplex=duplex))
                    ready.add(i)
                    append_ready()
            else:
                mp = multiprocessing.get_context("spawn")
                halt = mp.Event()
                with ProcessPoolExecutor(max_workers=min(workers, len(members)), mp_context=mp,
                                         initializer=_worker_start,
                                         initargs=(renderer, context, language(), halt)) as pool:
                    # a bounded window of pieces in flight: finished pieces wait on disk, not in memory
                    queue = list(members)
                    running: set[Future] = set()
                    while queue or running:
                        while queue and len(running) < workers * 2:
                            i, (file, _b, what) = queue.pop(0)
                            running.add(pool.submit(_worker_piece, i, [whole(p) for p in what], file, duplex))
                        finished, running = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
                        for future in finished:
                            ready.add(future.result())
                        append_ready()
                        if stop():
                            halt.set()
                            for future in running:
                                future.cancel()
                            return False
            append_ready()
            join.close()
            ok = True
            return True
        finally:
            if not ok:
                join.abort()

    def write_summary(self, run_number: int, path: str | os.PathLike, *, printed_on: date | None = None,
                      renderer: Renderer | None = None) -> Path:
        """The board's summary of the run (criteria, reconciliation, totals, padrón),
        with the audit trail's head now, which is recorded (``core.audit_heads``)."""
        from coopdesk.core.audit_heads import RESUMEN

        renderer = self._renderer(renderer)
        context, stored = self.context(run_number, printed_on)
        members = [group for _info, group in self._members(stored.result.payouts)]
        context = replace(self._summary_numbered(context), ledger=run_ledger(self._book, run_number))
        path = Path(path)

        def write(head, _recorded: bool) -> None:
            with_head = replace(context, audit_head=head)
            _write_whole(path, lambda tmp: renderer.summary(with_head, stored.result, members, tmp))

        self._book.audit_heads.printing(RESUMEN, str(run_number), context.printed_on, write)
        return path

    def write_criteria(self, run_number: int, path: str | os.PathLike, *, printed_on: date | None = None,
                       renderer: Renderer | None = None) -> Path:
        """The run's criteria as a document for the assembly and the board
        (the rules in words, signatures, the exact text with its SHA-256)."""
        renderer = self._renderer(renderer)
        context, _stored = self.context(run_number, printed_on)
        path = Path(path)
        _write_whole(path, lambda tmp: renderer.criteria(context, tmp))
        return path
