"""Recognising a SQLite file by reading it only, and telling a network share."""


import pytest

from coopdesk.db.sqlite_file import FileKind, examine, is_unc, network_filesystem

MOUNTS = r"""/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev,size=1631056k,mode=755 0 0
/dev/sda1 /boot/efi vfat rw,relatime,fmask=0077 0 0
//servidor/contabilidad /mnt/oficina cifs rw,relatime,vers=3.1.1,cache=strict,username=rosa 0 0
servidor:/export/libros /srv/libros nfs4 rw,relatime,vers=4.2,rsize=1048576 0 0
rosa@servidor:/home/rosa /home/rosa/remoto fuse.sshfs rw,nosuid,nodev,relatime,user_id=1000 0 0
drvfs /mnt/c 9p rw,noatime,dirsync,aname=drvfs 0 0
/dev/sdb1 /mnt/oficina/local ext4 rw,relatime 0 0
//servidor/Mis\040Documentos /media/mis\040docs smb3 rw,relatime 0 0
"""


@pytest.mark.parametrize("path, kind", [
    ("/home/rosa/coopdesk.sqlite", None),
    ("/mnt/oficina/coopdesk.sqlite", "cifs"),
    ("/mnt/oficina", "cifs"),
    ("/mnt/oficina/local/coopdesk.sqlite", None),  # a local disk mounted inside the share
    ("/mnt/oficinas/coopdesk.sqlite", None),  # a prefix of the name is not the mount point
    ("/srv/libros/2026/coopdesk.sqlite", "nfs4"),
    ("/home/rosa/remoto/coopdesk.sqlite", "fuse.sshfs"),
    ("/mnt/c/Users/rosa/coopdesk.sqlite", "9p"),
    ("/media/mis docs/coopdesk.sqlite", "smb3"),
    ("/run/user/1000/coopdesk.sqlite", None),
])
def test_the_file_system_under_a_path_is_found_in_proc_mounts(path, kind):
    assert network_filesystem(path, MOUNTS) == kind


def test_a_later_mount_over_the_same_point_hides_the_earlier_one():
    mounts = "servidor:/x /datos nfs rw 0 0\n/dev/sdc1 /datos ext4 rw 0 0\n"
    assert network_filesystem("/datos/coopdesk.sqlite", mounts) is None
    assert network_filesystem("/datos/coopdesk.sqlite", "") is None


@pytest.mark.parametrize("path, unc", [
    (r"\\servidor\contabilidad\coopdesk.sqlite", True),
    ("//servidor/contabilidad/coopdesk.sqlite", True),
    (r"\\?\UNC\servidor\contabilidad\coopdesk.sqlite", True),
    (r"\\?\C:\coopdesk\coopdesk.sqlite", False),
    (r"\\.\C:\coopdesk.sqlite", False),
    (r"C:\Users\rosa\coopdesk.sqlite", False),
    ("/home/rosa/coopdesk.sqlite", False),
])
def test_a_windows_network_path_is_told_from_a_local_one(path, unc):
    assert is_unc(path) is unc


def test_examining_tells_each_kind_of_file(tmp_path):
    import sqlite3
    from contextlib import closing

    assert examine(tmp_path / "no-existe.sqlite") is FileKind.MISSING
    (tmp_path / "vacio.sqlite").touch()
    assert examine(tmp_path / "vacio.sqlite") is FileKind.EMPTY
    (tmp_path / "texto.sqlite").write_bytes(b"SQLite format 2\x00 and more")
    assert examine(tmp_path / "texto.sqlite") is FileKind.NOT_SQLITE
    with closing(sqlite3.connect(tmp_path / "blanco.sqlite")) as conn:
        conn.execute("PRAGMA user_version = 1")  # a valid header, no tables
    assert examine(tmp_path / "blanco.sqlite") is FileKind.BLANK
    with closing(sqlite3.connect(tmp_path / "ajeno.sqlite")) as conn:
        conn.execute("CREATE TABLE cooperative (id INTEGER)")
        conn.commit()
    assert examine(tmp_path / "ajeno.sqlite") is FileKind.FOREIGN
    (tmp_path / "corto.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert examine(tmp_path / "corto.sqlite") is FileKind.DAMAGED
