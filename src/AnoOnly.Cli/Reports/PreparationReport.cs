using System.Globalization;
using System.Linq;
using Microsoft.ML.AnoOnly.Cli.Data;
using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Cli.Reports
{
    /// <summary>
    /// What the featurizer made of the table, in a few console lines: the summary, which columns became categories and
    /// why, which were left out and why (an id-like column above all, so that a silent drop never surprises), and how many
    /// number cells were blank and what happens to them.
    /// </summary>
    internal static class PreparationReport
    {
        public static void Write(IAnsiConsole console, TrainingTable table)
        {
            AnoOnlyFeatureColumn[] columns = table.Featurizer.Columns.ToArray();
            AnoOnlyFeatureColumn[] numeric = columns.Where(c => c.Role == AnoOnlyColumnRole.Numeric).ToArray();
            AnoOnlyFeatureColumn[] categorical = columns.Where(c => c.Role == AnoOnlyColumnRole.Categorical).ToArray();
            // The label is left out by definition; it needs no line.
            AnoOnlyFeatureColumn[] leftOut = columns.Where(c => c.Role == AnoOnlyColumnRole.LeftOut && c.Name != table.LabelColumn).ToArray();
            string rows = table.Featurizer.SampleRowCount.ToString("N0", CultureInfo.InvariantCulture);

            console.MarkupLine($"Features from the first {rows} rows: {numeric.Length} numeric, {categorical.Length} categorical, " +
                               $"{leftOut.Length} column{(leftOut.Length == 1 ? "" : "s")} left out.");
            string how = table.CategoricalOption != null
                ? "--categorical"
                : $"auto-detected: text with at most 100 distinct values in the first {rows} rows";
            console.MarkupLine(categorical.Length == 0
                ? $"  Categorical: none ({Markup.Escape(how)})."
                : $"  Categorical ({Markup.Escape(how)}): " +
                  Markup.Escape(string.Join(", ", categorical.Select(c => c.DistinctCount is int n ? $"{c.Name} ({n} values)" : c.Name))) + ".");
            foreach (AnoOnlyFeatureColumn column in leftOut)
                console.MarkupLine($"  Left out: {Markup.Escape(column.Name)} ({Markup.Escape(column.Reason)}).");

            long blank = numeric.Sum(c => c.MissingCount);
            if (blank == 0)
                console.MarkupLine($"  Blank number cells in the first {rows} rows: none.");
            else
                console.MarkupLine($"  Blank number cells in the first {rows} rows: {blank:N0} (" +
                                   Markup.Escape(string.Join(", ", numeric.Where(c => c.MissingCount > 0).Select(c => $"{c.Name} {c.MissingCount:N0}"))) +
                                   "); each replaced by its column's training mean, with a missing indicator.");
        }
    }
}
