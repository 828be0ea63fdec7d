using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>
    /// The PyTorch reference AUC-ROC of each (dataset, backbone, loss), read from
    /// <c>../shared/reference/pytorch_all_backbones_reference.csv</c> and, for DevNet where that file lacks a
    /// set, <c>pytorch_devnet_reference.csv</c>. Absent files mean an empty table, not an error.
    /// </summary>
    internal sealed class ReferenceNumbers
    {
        private readonly Dictionary<(string Dataset, string Backbone, string Loss), double> _aucRoc = new();

        public IReadOnlyList<string> Files { get; private set; } = Array.Empty<string>();

        public bool IsEmpty => _aucRoc.Count == 0;

        /// <summary>The reference AUC-ROC (mean of seeds 1-3), or NaN.</summary>
        public double AucRoc(string dataset, string backbone, string loss)
            => _aucRoc.TryGetValue((dataset.ToLowerInvariant(), backbone.ToLowerInvariant(), loss.ToLowerInvariant()), out double v) ? v : double.NaN;

        public static ReferenceNumbers Load(string? repoRoot, string? dataDir)
        {
            var reference = new ReferenceNumbers();
            string? folder = Candidates(repoRoot, dataDir).FirstOrDefault(Directory.Exists);
            if (folder == null)
                return reference;
            var files = new List<string>();
            string all = Path.Combine(folder, "pytorch_all_backbones_reference.csv");
            if (File.Exists(all))
            {
                files.Add(all);
                foreach (var row in ReadCsv(all))
                    reference.Add(row["dataset"], row["backbone"], row["variant"], row["aucroc_mean3"]);
            }
            string devnet = Path.Combine(folder, "pytorch_devnet_reference.csv");
            if (File.Exists(devnet))
            {
                files.Add(devnet);
                foreach (var row in ReadCsv(devnet))
                {
                    string? loss = row["method"] switch { "DevNet" => "Full", "DevNet+AnoOnly" => "AnoOnly", _ => null };
                    if (loss != null)
                        reference.Add(row["dataset"], "DevNet", loss, row["aucroc_mean3"], overwrite: false);
                }
            }
            reference.Files = files;
            return reference;
        }

        private void Add(string dataset, string backbone, string loss, string value, bool overwrite = true)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double auc))
                return;
            var key = (dataset.ToLowerInvariant(), backbone.ToLowerInvariant(), loss.ToLowerInvariant());
            if (overwrite || !_aucRoc.ContainsKey(key))
                _aucRoc[key] = auc;
        }

        private static IEnumerable<string> Candidates(string? repoRoot, string? dataDir)
        {
            if (!string.IsNullOrWhiteSpace(dataDir))
                yield return Path.GetFullPath(Path.Combine(dataDir, "..", "reference"));
            if (repoRoot != null)
                yield return Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "reference"));
        }

        private static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
        {
            string[] lines = File.ReadAllLines(path);
            if (lines.Length == 0)
                yield break;
            string[] header = lines[0].Split(',');
            foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
            {
                string[] cells = line.Split(',');
                var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < header.Length && i < cells.Length; i++)
                    row[header[i].Trim()] = cells[i].Trim();
                if (row.ContainsKey("dataset") && row.ContainsKey("aucroc_mean3"))
                    yield return row;
            }
        }
    }
}
