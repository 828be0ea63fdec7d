using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>A GitHub-flavoured markdown table.</summary>
    internal sealed class MarkdownTable
    {
        private readonly string[] _header;
        private readonly List<string[]> _rows = new();

        public MarkdownTable(params string[] header) => _header = header;

        public MarkdownTable Row(params string[] cells)
        {
            _rows.Add(cells);
            return this;
        }

        public MarkdownTable Row(IEnumerable<string> cells) => Row(cells.ToArray());

        public override string ToString()
        {
            var text = new StringBuilder();
            text.AppendLine("| " + string.Join(" | ", _header) + " |");
            text.AppendLine("|" + string.Join("|", _header.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
            foreach (string[] row in _rows)
                text.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|"))) + " |");
            return text.ToString();
        }
    }
}
