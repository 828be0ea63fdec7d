using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>A column of the file as the tool loads it: its name in the loaded data, its position and its type.</summary>
    internal readonly record struct LoadedColumn(string Name, int Index, DataKind Kind);

    /// <summary>Builds the ML.NET <see cref="TextLoader"/> that reads a delimited file for the tool's commands.</summary>
    internal static class FileLoaders
    {
        /// <summary>The feature vector column the tool's models read.</summary>
        public const string Features = "Features";

        /// <summary>
        /// The feature vector's name for a model trained on <paramref name="file"/>: <see cref="Features"/>, unless the file
        /// has a column of that name (raw tables keep every column's own name, so the vector must not take one).
        /// </summary>
        public static string FeatureVectorName(DelimitedFile file)
        {
            string name = Features;
            for (int n = 1; file.Columns.Contains(name); n++)
                name = Features + "_" + n;
            return name;
        }

        /// <summary>
        /// The name the label column gets in the loaded data: the file's own, so that the library's messages about
        /// it name the column the user wrote (unless that name is taken by the feature vector).
        /// </summary>
        public static string LabelColumnName(DelimitedFile file, int labelIndex)
            => file.Columns[labelIndex] == Features ? "Label" : file.Columns[labelIndex];

        /// <summary>The name of the text copy of input column <paramref name="index"/> (for <c>score</c>'s output).</summary>
        public static string PassThrough(int index) => "__anoonly_in" + index;

        /// <summary>How a raw table's column is loaded: numbers as Single (a blank is NaN), true/false as Boolean,
        /// anything else (names, categories, ids, columns without a value in the sample) as text.</summary>
        public static DataKind RawKind(DelimitedFile file, int index)
            => file.IsNumeric[index] ? DataKind.Single : file.IsBoolean[index] ? DataKind.Boolean : DataKind.String;

        /// <summary>Every column of the file under its own name, typed by <see cref="RawKind"/>: the raw table that
        /// training prepares with the library's featurizer.</summary>
        public static LoadedColumn[] RawColumns(DelimitedFile file)
            => Enumerable.Range(0, file.Columns.Count).Select(i => new LoadedColumn(file.Columns[i], i, RawKind(file, i))).ToArray();

        /// <summary>A loader of the given columns, each a scalar, optionally with every input column as text too.</summary>
        public static TextLoader Create(MLContext mlContext, DelimitedFile file, IEnumerable<LoadedColumn> columns, bool passThrough = false)
        {
            var loaded = columns.Select(c => new TextLoader.Column(c.Name, c.Kind, c.Index)).ToList();
            if (passThrough)
                loaded.AddRange(PassThroughColumns(file));
            return Create(mlContext, file, loaded);
        }

        /// <summary>
        /// A loader with a <see cref="Features"/> vector of the columns at <paramref name="featureIndexes"/>, an
        /// optional label column (named by <see cref="LabelColumnName"/>), and optionally every input column as text:
        /// how models that read one feature vector (saved by earlier versions, or by other code) are fed.
        /// </summary>
        public static TextLoader CreateVector(MLContext mlContext, DelimitedFile file, IReadOnlyList<int> featureIndexes,
            int? labelIndex = null, bool passThrough = false)
        {
            var columns = new List<TextLoader.Column>
            {
                new(Features, DataKind.Single, featureIndexes.Select(i => new TextLoader.Range(i)).ToArray()),
            };
            if (labelIndex is int label)
                columns.Add(new TextLoader.Column(LabelColumnName(file, label), file.IsBoolean[label] ? DataKind.Boolean : DataKind.Single, label));
            if (passThrough)
                columns.AddRange(PassThroughColumns(file));
            return Create(mlContext, file, columns);
        }

        private static IEnumerable<TextLoader.Column> PassThroughColumns(DelimitedFile file)
            => Enumerable.Range(0, file.Columns.Count).Select(i => new TextLoader.Column(PassThrough(i), DataKind.String, i));

        private static TextLoader Create(MLContext mlContext, DelimitedFile file, IEnumerable<TextLoader.Column> columns)
            => mlContext.Data.CreateTextLoader(new TextLoader.Options
            {
                Columns = columns.ToArray(),
                Separators = new[] { file.Separator },
                HasHeader = file.HasHeader,
                AllowQuoting = true,
                TrimWhitespace = true,
                // An empty field is a missing value (NaN), never a silent zero: the featurizer imputes or refuses it.
                MissingRealsAsNaNs = true,
            });

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
