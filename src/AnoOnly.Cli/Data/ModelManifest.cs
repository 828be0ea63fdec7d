using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// What <c>anoonly train</c> and <c>anoonly sweep</c> record next to the ML.NET model in the zip, and only what the
    /// model itself cannot hold: the names of the CSV columns the model reads and of the label column, so <c>score</c>,
    /// <c>evaluate</c> and <c>export</c> can read any file that has those columns, in any order. ML.NET ignores the entry.
    /// The model's facts (backbone, loss, threshold, the types of its input columns, how it prepares them) are read from
    /// the model (<c>LoadAnoOnly</c>).
    /// </summary>
    /// <remarks>
    /// Format 3: <see cref="FeatureColumns"/> are raw columns that the model's own preparation (the library's featurizer,
    /// saved in the model) turns into its feature vector. Formats 1 and 2 (earlier versions): they are the slots of one
    /// <c>Features</c> vector, in order, which the tool loads as numbers; the copies of model facts that format 1 carries
    /// are ignored when read.
    /// </remarks>
    internal sealed class ModelManifest
    {
        /// <summary>The zip entry that holds the manifest.</summary>
        public const string EntryName = "AnoOnlyCli/manifest.json";

        /// <summary>The format written by this version.</summary>
        public const int CurrentFormat = 3;

        public int FormatVersion { get; set; } = CurrentFormat;

        /// <summary>The CSV columns the model reads, in file order (format 3) or in the order of its feature vector
        /// (formats 1 and 2).</summary>
        public string[] FeatureColumns { get; set; } = Array.Empty<string>();

        public string LabelColumn { get; set; } = string.Empty;

        /// <summary>Whether the model reads raw columns and prepares them itself (format 3), rather than one feature vector
        /// of numeric columns that the tool gathers for it.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public bool ReadsRawColumns => FormatVersion >= 3;

        /// <summary>Adds the manifest to the saved model <paramref name="modelPath"/>.</summary>
        public void WriteInto(string modelPath)
        {
            using ZipArchive zip = ZipFile.Open(modelPath, ZipArchiveMode.Update);
            zip.GetEntry(EntryName)?.Delete();
            using Stream stream = zip.CreateEntry(EntryName).Open();
            JsonSerializer.Serialize(stream, this, new JsonSerializerOptions { WriteIndented = true });
        }

        /// <summary>The manifest of <paramref name="modelPath"/>, or <see langword="null"/> for a model saved
        /// by other code.</summary>
        public static ModelManifest? ReadFrom(string modelPath)
        {
            if (!File.Exists(modelPath))
                throw new CliUserException($"No model file at '{modelPath}'. Train one with 'anoonly train'.");
            try
            {
                using ZipArchive zip = ZipFile.OpenRead(modelPath);
                ZipArchiveEntry? entry = zip.GetEntry(EntryName);
                if (entry == null)
                    return null;
                using Stream stream = entry.Open();
                return JsonSerializer.Deserialize<ModelManifest>(stream);
            }
            catch (Exception e) when (e is InvalidDataException or JsonException)
            {
                throw new CliUserException($"'{modelPath}' is not a model saved by ML.NET: {e.Message}", e);
            }
        }

        /// <summary>The feature columns to read: <paramref name="featuresOption"/> when given, else the manifest's.</summary>
        public static string[] FeatureColumnsFor(ModelManifest? manifest, string? featuresOption, string modelPath)
        {
            if (!string.IsNullOrWhiteSpace(featuresOption))
                return ParseColumnList(featuresOption);
            if (manifest == null || manifest.FeatureColumns.Length == 0)
                throw new CliUserException(
                    $"'{modelPath}' was not saved by 'anoonly train', so it does not say which columns are its features: pass --features.");
            return manifest.FeatureColumns;
        }

        /// <summary>Splits a comma-separated list of column names given to <paramref name="option"/>.</summary>
        public static string[] ParseColumnList(string list, string option = "--features")
        {
            string[] names = list.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToArray();
            if (names.Length == 0)
                throw new CliUserException($"{option} needs at least one column name.");
            IEnumerable<string> duplicates = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key);
            string? duplicate = duplicates.FirstOrDefault();
            if (duplicate != null)
                throw new CliUserException($"{option} names column '{duplicate}' twice.");
            return names;
        }
    }
}
