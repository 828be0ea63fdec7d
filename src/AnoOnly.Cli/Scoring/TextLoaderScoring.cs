using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// <c>score</c>'s general path: ML.NET's <c>TextLoader</c> reads the file lazily (quoted fields, text and true/false
    /// columns, every rule of its own), the model scores a block of rows at a time, and each row is written as soon as it
    /// is read: every input field as TextLoader read it (quoted again where needed), then the score and the flag.
    /// </summary>
    internal static class TextLoaderScoring
    {
        /// <summary>The output's header line: the input's columns, Score, PredictedLabel and the explanation's columns.</summary>
        public static string Header(DelimitedFile file, TopContributions? explanation)
            => string.Join(file.Separator, file.Columns.Select(c => DelimitedFile.Quote(c, file.Separator)).Append("Score")
                .Append("PredictedLabel").Concat(explanation?.Header() ?? Enumerable.Empty<string>()));

        /// <summary>Writes every row of <paramref name="scored"/>; returns the rows written and how many were flagged. The
        /// progress callback is told the length of each line written (TextLoader reports no byte position).</summary>
        public static (long Rows, long Flagged) Write(IDataView scored, DelimitedFile file, TextWriter writer, float? threshold,
            TopContributions? explanation, Action<long> progress, ScoringTimings timings, CancellationToken cancellationToken)
        {
            int columnCount = file.Columns.Count;
            var passThrough = Enumerable.Range(0, columnCount).Select(i => scored.Schema[FileLoaders.PassThrough(i)]).ToArray();
            DataViewSchema.Column scoreColumn = scored.Schema["Score"];
            DataViewSchema.Column labelColumn = scored.Schema["PredictedLabel"];
            char separator = file.Separator;

            var columns = passThrough.Append(scoreColumn).Append(labelColumn).ToList();
            DataViewSchema.Column? contributionsColumn = explanation == null
                ? null
                : scored.Schema[AnoOnlyFeatureContributionTransformer.FeatureContributionsColumnName];
            if (contributionsColumn is DataViewSchema.Column added)
                columns.Add(added);
            long rows = 0, flagged = 0;
            double writing = 0;
            long started = Stopwatch.GetTimestamp();
            using (DataViewRowCursor cursor = scored.GetRowCursor(columns))
            {
                ValueGetter<VBuffer<float>>? getContributions = contributionsColumn is DataViewSchema.Column explained
                    ? cursor.GetGetter<VBuffer<float>>(explained)
                    : null;
                VBuffer<float> contributions = default;
                var getText = passThrough.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
                var getScore = cursor.GetGetter<float>(scoreColumn);
                var getLabel = cursor.GetGetter<bool>(labelColumn);
                ReadOnlyMemory<char> text = default;
                float score = 0;
                bool label = false;
                var line = new StringBuilder();
                while (cursor.MoveNext())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long lineStarted = Stopwatch.GetTimestamp();
                    line.Clear();
                    for (int c = 0; c < columnCount; c++)
                    {
                        getText[c](ref text);
                        line.Append(DelimitedFile.Quote(text.ToString(), separator)).Append(separator);
                    }
                    getScore(ref score);
                    getLabel(ref label);
                    if (threshold is float t)
                        label = score > t;
                    line.Append(score.ToString("R", CultureInfo.InvariantCulture)).Append(separator).Append(label ? "true" : "false");
                    if (getContributions != null)
                    {
                        getContributions(ref contributions);
                        explanation!.Append(line, contributions.DenseValues().ToArray(), separator);
                    }
                    writer.WriteLine(line);
                    rows++;
                    if (label)
                        flagged++;
                    progress(line.Length + 1);
                    writing += ScoringTimings.Since(lineStarted);
                }
            }
            timings.WriteSeconds += writing;
            timings.TextLoaderSeconds += ScoringTimings.Since(started) - writing;
            timings.TextLoaderRows += rows;
            return (rows, flagged);
        }
    }
}
