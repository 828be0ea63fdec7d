using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// How a saved model is fed from a CSV file. A model of this version reads raw columns by name and prepares them itself
    /// (the featurizer is in the zip): the file needs the columns the manifest names, each loaded as the type the model
    /// was trained on (its saved input schema says which). A model of an earlier version, or saved by other code, reads
    /// one feature vector: the tool gathers the manifest's (or <c>--features</c>') numeric columns into it.
    /// </summary>
    internal sealed class ModelInput
    {
        private ModelInput(bool readsRawColumns, string[] columns, LoadedColumn[] loaded, string featureVector, string?[] slotColumns)
        {
            ReadsRawColumns = readsRawColumns;
            Columns = columns;
            Loaded = loaded;
            FeatureVector = featureVector;
            SlotColumns = slotColumns;
        }

        /// <summary>Whether the model reads raw columns (else one vector of <see cref="Columns"/>).</summary>
        public bool ReadsRawColumns { get; }

        /// <summary>The CSV columns the model reads: raw columns, or the vector's slots in order.</summary>
        public string[] Columns { get; }

        /// <summary>Those columns as loaded: name, position in the file, type.</summary>
        public LoadedColumn[] Loaded { get; }

        /// <summary>The feature vector the AnoOnly model reads.</summary>
        public string FeatureVector { get; }

        /// <summary>The CSV column of each slot of the feature vector (null where unknown).</summary>
        public string?[] SlotColumns { get; }

        public static ModelInput For(ModelManifest? manifest, string? featuresOption, string modelPath, TransformerChain<AnoOnlyTransformer> model,
            DataViewSchema modelSchema, DelimitedFile file)
        {
            string featureVector = model.LastTransformer.FeatureColumnName;
            if (manifest is { ReadsRawColumns: true })
            {
                if (!string.IsNullOrWhiteSpace(featuresOption))
                    throw new CliUserException(
                        $"'{modelPath}' reads its columns by name ({string.Join(", ", manifest.FeatureColumns)}); --features is only for models saved without that list.");
                LoadedColumn[] loaded = manifest.FeatureColumns.Select(name => Raw(name, modelSchema, file)).ToArray();
                return new ModelInput(true, manifest.FeatureColumns, loaded, featureVector, Data.SlotColumns.Of(model, modelSchema, manifest.FeatureColumns));
            }
            string[] names = ModelManifest.FeatureColumnsFor(manifest, featuresOption, modelPath);
            int[] indexes = FileLoaders.NumericIndexes(file, names, "feature");
            string[] columns = indexes.Select(i => file.Columns[i]).ToArray();
            return new ModelInput(false, columns, indexes.Select(i => new LoadedColumn(file.Columns[i], i, DataKind.Single)).ToArray(),
                featureVector, columns);
        }

        /// <summary>The loader of the model's columns (and of the label, and of every column as text, when asked).</summary>
        public TextLoader Loader(MLContext mlContext, DelimitedFile file, int? labelIndex = null, bool passThrough = false)
        {
            if (!ReadsRawColumns)
                return FileLoaders.CreateVector(mlContext, file, Loaded.Select(c => c.Index).ToArray(), labelIndex, passThrough);
            var columns = Loaded.ToList();
            if (labelIndex is int label && !Loaded.Any(c => c.Index == label))
                columns.Add(new LoadedColumn(file.Columns[label], label, file.IsBoolean[label] ? DataKind.Boolean : DataKind.Single));
            return FileLoaders.Create(mlContext, file, columns, passThrough);
        }

        /// <summary>The label column's name in the data <see cref="Loader"/> reads.</summary>
        public string LabelColumnName(DelimitedFile file, int labelIndex)
            => ReadsRawColumns ? file.Columns[labelIndex] : FileLoaders.LabelColumnName(file, labelIndex);

        private static LoadedColumn Raw(string name, DataViewSchema modelSchema, DelimitedFile file)
        {
            int index = file.IndexOf(name, "feature");
            DataViewType? type = modelSchema.GetColumnOrNull(name)?.Type;
            DataKind kind = type switch
            {
                TextDataViewType => DataKind.String,
                BooleanDataViewType => DataKind.Boolean,
                _ when type == NumberDataViewType.Single => DataKind.Single,
                _ => throw new CliUserException($"The model reads column '{name}' as {type?.ToString() ?? "a column its file does not describe"}, " +
                                                "which the tool cannot load from text."),
            };
            if (kind == DataKind.Single && file.HasValues[index] && !file.IsNumeric[index])
                throw new CliUserException(
                    $"Column '{file.Columns[index]}' of '{file.Path}' holds text (first {DelimitedFile.SampleRows} rows), but the model was trained on numbers there.");
            return new LoadedColumn(name, index, kind);
        }
    }
}
