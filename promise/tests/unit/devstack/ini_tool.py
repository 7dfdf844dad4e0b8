"""DevStack's INI helpers (inc/ini-config), for the plugin's sandbox test.

Line-based, as DevStack's sed scripts are, so the files come out as
DevStack writes them:

* ``iniset`` adds a missing section at the end of the file, a missing
  option right under its section header, and replaces the value of an
  option that is there; the value is word-split and joined with single
  spaces (DevStack echoes it unquoted).
* ``iniset_multiline`` replaces every line of the option with one line per
  value; ``iniadd`` keeps the values there and appends new ones.
* ``iniget`` prints the value of the option, ``iniget_multiline`` every
  value, separated by spaces; ``inicomment`` comments the option out.

Run as ``python ini_tool.py COMMAND FILE SECTION OPTION [VALUE...]``; only
the standard library is used so that it starts fast.
"""
import os
import re
import sys

_SECTION = re.compile(r'^\[(?P<name>.*)\]')


def _read(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def _write(path, lines):
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def _option_line(option):
    return re.compile(r'^%s[ \t]*=[ \t]*' % re.escape(option))


def _section_bounds(lines, section):
    """Index of the first header of ``section`` and of the line after the
    last line of its body (DevStack's sed ranges stop at the next
    header)."""
    for i, line in enumerate(lines):
        match = _SECTION.match(line)
        if match and match.group('name') == section:
            end = i + 1
            while end < len(lines) and not _SECTION.match(lines[end]):
                end += 1
            return i, end
    return None, None


def _ensure_section(lines, section):
    start, _ = _section_bounds(lines, section)
    if start is None:
        lines.extend(['', '[%s]' % section])
        start = len(lines) - 1
    return start


def values(lines, section, option):
    start, end = _section_bounds(lines, section)
    if start is None:
        return []
    pattern = _option_line(option)
    return [pattern.sub('', line, count=1)
            for line in lines[start + 1:end] if pattern.match(line)]


def iniset(lines, section, option, value):
    if not section or not option:
        return lines
    value = ' '.join(value.split())
    start = _ensure_section(lines, section)
    _, end = _section_bounds(lines, section)
    pattern = re.compile(r'^(%s[ \t]*=[ \t]*).*$' % re.escape(option))
    replaced = False
    for i in range(start + 1, end):
        if pattern.match(lines[i]):
            lines[i] = pattern.sub(lambda m: m.group(1) + value, lines[i])
            replaced = True
    if not replaced:
        lines.insert(start + 1, '%s = %s' % (option, value))
    return lines


def iniset_multiline(lines, section, option, new_values):
    start = _ensure_section(lines, section)
    _, end = _section_bounds(lines, section)
    pattern = _option_line(option)
    lines[start + 1:end] = [line for line in lines[start + 1:end]
                            if not pattern.match(line)]
    lines[start + 1:start + 1] = ['%s = %s' % (option, v)
                                  for v in new_values]
    return lines


def iniadd(lines, section, option, new_values):
    merged = ' '.join(values(lines, section, option) + list(new_values))
    return iniset_multiline(lines, section, option, merged.split())


def inicomment(lines, section, option):
    start, end = _section_bounds(lines, section)
    if start is not None:
        pattern = _option_line(option)
        for i in range(start + 1, end):
            if pattern.match(lines[i]):
                lines[i] = '#' + lines[i]
    return lines


def main(argv):
    command, path, section, option, *rest = argv
    lines = _read(path)
    if command == 'iniget':
        print(' '.join(' '.join(values(lines, section, option)).split()))
        return 0
    if command == 'iniget_multiline':
        print(' '.join(values(lines, section, option)))
        return 0
    if command == 'iniset':
        lines = iniset(lines, section, option, rest[0] if rest else '')
    elif command == 'iniset_multiline':
        lines = iniset_multiline(lines, section, option, rest)
    elif command == 'iniadd':
        lines = iniadd(lines, section, option, rest)
    elif command == 'inicomment':
        lines = inicomment(lines, section, option)
    else:
        print('unknown command %s' % command, file=sys.stderr)
        return 2
    _write(path, lines)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
