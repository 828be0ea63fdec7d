using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Cli.Commands;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// A raw table ready to train on: every column of the file loaded under its own name (numbers, true/false, text), and
    /// the library's featurizer (<c>PrepareAnoOnlyFeatures</c>) created on it with the options the user gave. The featurizer
    /// decides what each column becomes from the first rows and is fitted with the model, so the model zip holds the
    /// preparation and every command that reads the model applies it the same way.
    /// </summary>
    internal sealed class TrainingTable
    {
        private TrainingTable(DelimitedFile file, int labelIndex, IDataView data, AnoOnlyFeaturizer featurizer, string? categoricalOption)
        {
            File = file;
            LabelIndex = labelIndex;
            Data = data;
            Featurizer = featurizer;
            CategoricalOption = categoricalOption;
        }

        public DelimitedFile File { get; }

        public int LabelIndex { get; }

        /// <summary>The label column's name in <see cref="Data"/>: the file's own.</summary>
        public string LabelColumn => File.Columns[LabelIndex];

        /// <summary>The feature vector the featurizer writes and the trainer reads.</summary>
        public string FeatureVector => Featurizer.OutputColumnName;

        /// <summary>The whole file, every column under its own name.</summary>
        public IDataView Data { get; }

        public AnoOnlyFeaturizer Featurizer { get; }

        /// <summary>The <c>--categorical</c> list as given, or null when the text columns were detected.</summary>
        public string? CategoricalOption { get; }

        /// <summary>The CSV columns that became features, in file order: what a file to score must have.</summary>
        public string[] FeatureColumns => Featurizer.Columns.Where(c => c.Role != AnoOnlyColumnRole.LeftOut).Select(c => c.Name).ToArray();

        /// <summary>Reads the file's layout, checks the column options against it, and creates the featurizer.</summary>
        public static TrainingTable Load(TrainingDataSettings settings, MLContext mlContext)
        {
            DelimitedFile file = settings.OpenData();
            int labelIndex = file.IndexOf(settings.Label, "label");
            if (!file.IsNumeric[labelIndex] && !file.IsBoolean[labelIndex])
                throw new CliUserException(
                    $"Label column '{file.Columns[labelIndex]}' must hold 1/0 or true/false (first {DelimitedFile.SampleRows} rows).");

            var options = new AnoOnlyFeaturizerOptions
            {
                OutputColumnName = FileLoaders.FeatureVectorName(file),
                LabelColumnName = file.Columns[labelIndex],
                MissingValues = settings.Missing,
            };
            HashSet<int>? features = null;
            if (settings.Features != null)
            {
                features = ModelManifest.ParseColumnList(settings.Features).Select(name => file.IndexOf(name, "feature")).ToHashSet();
                if (features.Contains(labelIndex))
                    throw new CliUserException($"Column '{file.Columns[labelIndex]}' is the label; it cannot also be a feature.");
                foreach (int i in Enumerable.Range(0, file.Columns.Count).Where(i => i != labelIndex && !features.Contains(i)))
                    options.ExcludedColumnNames.Add(file.Columns[i]);
            }
            if (settings.Categorical != null)
            {
                var categorical = new List<string>();
                foreach (string name in ModelManifest.ParseColumnList(settings.Categorical, "--categorical"))
                {
                    int index = file.IndexOf(name, "categorical");
                    if (index == labelIndex)
                        throw new CliUserException($"--categorical names '{file.Columns[index]}', the label column.");
                    if (features != null && !features.Contains(index))
                        throw new CliUserException($"--categorical names '{file.Columns[index]}', which --features leaves out.");
                    categorical.Add(file.Columns[index]);
                }
                options.CategoricalColumnNames = categorical;
            }

            IDataView data = FileLoaders.Create(mlContext, file, FileLoaders.RawColumns(file)).Load(file.Path);
            AnoOnlyFeaturizer featurizer;
            try
            {
                featurizer = mlContext.Transforms.PrepareAnoOnlyFeatures(data, options);
            }
            catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException input)
            {
                throw LibraryMessages.Translate(input, options.OutputColumnName, Array.Empty<string>());
            }
            return new TrainingTable(file, labelIndex, data, featurizer, settings.Categorical);
        }
    }
}
