using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.ML.AnoOnly.Evaluation;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>Writes a synthetic set as the CSV a user would bring: an id text column, features, a label.</summary>
    internal static class CliCsv
    {
        public static void Write(string path, LabeledDataset data, bool[] labels, bool withLabel = true)
        {
            var text = new StringBuilder();
            text.Append("id");
            for (int j = 0; j < data.FeatureCount; j++)
                text.Append(",x").Append(j);
            if (withLabel)
                text.Append(",is_fraud");
            text.AppendLine();
            for (int i = 0; i < data.Count; i++)
            {
                // Every tenth id holds a comma: the output must quote it back.
                text.Append(i % 10 == 0 ? $"\"tx {i}, batch\"" : $"tx{i}");
                foreach (float value in data.Features[i])
                    text.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
                if (withLabel)
                    text.Append(',').Append(labels[i] ? '1' : '0');
                text.AppendLine();
            }
            File.WriteAllText(path, text.ToString());
        }
    }
}
