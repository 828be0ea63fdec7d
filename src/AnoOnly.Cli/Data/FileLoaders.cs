using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>Builds the ML.NET <see cref="TextLoader"/> that reads a delimited file for the tool's commands.</summary>
    internal static class FileLoaders
    {
        /// <summary>The feature vector column the tool's models read.</summary>
        public const string Features = "Features";

        /// <summary>
        /// The name the label column gets in the loaded data: the file's own, so that the library's messages about
        /// it name the column the user wrote (unless that name is taken by the feature vector).
        /// </summary>
        public static string LabelColumnName(DelimitedFile file, int labelIndex)
            => file.Columns[labelIndex] == Features ? "Label" : file.Columns[labelIndex];

        /// <summary>The name of the text copy of input column <paramref name="index"/> (for <c>score</c>'s output).</summary>
        public static string PassThrough(int index) => "__anoonly_in" + index;

        /// <summary>
        /// A loader with a <see cref="Features"/> vector of the columns at <paramref name="featureIndexes"/>, an
        /// optional label column (named by <see cref="LabelColumnName"/>), and optionally every input column as text.
        /// </summary>
        public static TextLoader Create(MLContext mlContext, DelimitedFile file, IReadOnlyList<int> featureIndexes,
            int? labelIndex = null, bool passThrough = false)
        {
            var columns = new List<TextLoader.Column>
            {
                new(Features, DataKind.Single, featureIndexes.Select(i => new TextLoader.Range(i)).ToArray()),
            };
            if (labelIndex is int label)
                columns.Add(new TextLoader.Column(LabelColumnName(file, label), file.IsBoolean[label] ? DataKind.Boolean : DataKind.Single, label));
            if (passThrough)
                columns.AddRange(Enumerable.Range(0, file.Columns.Count).Select(i => new TextLoader.Column(PassThrough(i), DataKind.String, i)));
            return mlContext.Data.CreateTextLoader(new TextLoader.Options
            {
                Columns = columns.ToArray(),
                Separators = new[] { file.Separator },
                HasHeader = file.HasHeader,
                AllowQuoting = true,
                TrimWhitespace = true,
                // An empty field is a missing value, never a silent zero: the trainer and scorer then name the row.
                MissingRealsAsNaNs = true,
            });
        }

        /// <summary>The indexes of the named columns; each must exist and hold numbers.</summary>
        public static int[] NumericIndexes(DelimitedFile file, IEnumerable<string> names, string role)
            => names.Select(name =>
            {
                int index = file.IndexOf(name, role);
                if (!file.IsNumeric[index])
                    throw new CliUserException(
                        $"Column '{file.Columns[index]}' of '{file.Path}' does not hold numbers (first {DelimitedFile.SampleRows} rows); " +
                        $"a {role} column must.");
                return index;
            }).ToArray();
    }
}
