using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reference
{
    /// <summary>
    /// Test AUC-ROC of the PyTorch reference runs (mean of seeds 1-3) per dataset, backbone and loss, read from a
    /// file in the layout of <c>pytorch_all_backbones_reference.csv</c> (header with dataset, backbone, variant,
    /// aucroc_mean3; backbone as its paper spells it, variant <c>Full</c> or <c>AnoOnly</c>).
    /// </summary>
    internal sealed class ReferenceTable
    {
        private readonly Dictionary<(string Dataset, string Backbone, string Variant), double> _aucRoc;

        private ReferenceTable(string path, Dictionary<(string, string, string), double> aucRoc)
        {
            Path = path;
            _aucRoc = aucRoc;
        }

        /// <summary>The DevNet rows bundled with the tests (see Reference/README.md).</summary>
        public static string BundledDevNetSubset => System.IO.Path.Combine(
            TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.Tests", "Reference", "pytorch_devnet_reference_subset.csv");

        /// <summary>The file read.</summary>
        public string Path { get; }

        public static ReferenceTable Load(string path)
        {
            string[] lines = File.ReadAllLines(path);
            string[] header = lines[0].Split(',');
            int Column(string name) => Array.IndexOf(header, name) is int i and >= 0
                ? i : throw new InvalidDataException($"{path} has no column {name}.");
            int dataset = Column("dataset"), backbone = Column("backbone"), variant = Column("variant"), auc = Column("aucroc_mean3");
            var values = new Dictionary<(string, string, string), double>();
            foreach (string[] cells in lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')))
                values[(cells[dataset], cells[backbone], cells[variant])] = double.Parse(cells[auc], CultureInfo.InvariantCulture);
            return new ReferenceTable(path, values);
        }

        /// <summary>The reference's name of a loss: <c>Full</c> or <c>AnoOnly</c>.</summary>
        public static string VariantOf(AnoOnlyLoss loss) => loss == AnoOnlyLoss.AnomalyOnly ? "AnoOnly" : "Full";

        /// <summary>The reference AUC-ROC; a test without it fails, since it would compare with nothing.</summary>
        public double AucRoc(string dataset, AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            var key = (dataset, AnoOnlyBackboneInfo.Of(backbone).Name, VariantOf(loss));
            if (!_aucRoc.TryGetValue(key, out double value))
                Assert.Fail($"{Path} has no row {key}.");
            return value;
        }
    }
}
