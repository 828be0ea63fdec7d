using System;
using System.IO;
using System.Reflection;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Loads a model file and turns every way it can be unreadable into one <see cref="AnoOnlyModelFormatException"/>
    /// naming the file: ML.NET reports a damaged zip as a <see cref="FormatException"/>, a
    /// <see cref="TargetInvocationException"/> or an <see cref="InvalidOperationException"/> several levels deep,
    /// and an AnoOnly state is otherwise only decoded when the first row is scored.
    /// </summary>
    internal static class ModelFileReader
    {
        /// <summary><c>LoadValidated</c>: the model as <c>Model.Load</c> returns it, every AnoOnly state in it decoded.</summary>
        public static ITransformer Load(ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
        {
            string path = CheckPath(catalog, filePath);
            using FileStream stream = Open(path);
            ITransformer model = Read(catalog, stream, Describe(path), path, out inputSchema);
            int states;
            try
            {
                // Wiring broken by a damaged column name shows up here rather than at the first Transform.
                if (inputSchema != null)
                    model.GetOutputSchema(inputSchema);
                states = SavedStates.Validate(model);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new AnoOnlyModelFormatException($"The model file '{path}' is not a usable AnoOnly model: {Innermost(e).Message}", path, e);
            }
            if (states == 0)
                throw new AnoOnlyModelFormatException(
                    $"The model file '{path}' is an ML.NET model without an AnoOnly model in it; was it saved from another pipeline?", path, null);
            return model;
        }

        /// <summary><c>LoadAnoOnly</c> from a file.</summary>
        public static TransformerChain<AnoOnlyTransformer> LoadTyped(ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
        {
            string path = CheckPath(catalog, filePath);
            using FileStream stream = Open(path);
            return LoadTyped(catalog, stream, Describe(path), path, out inputSchema);
        }

        /// <summary><c>LoadAnoOnly</c> from a stream.</summary>
        public static TransformerChain<AnoOnlyTransformer> LoadTyped(ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
        {
            ArgumentNullException.ThrowIfNull(catalog);
            ArgumentNullException.ThrowIfNull(stream);
            return LoadTyped(catalog, stream, "The model stream", null, out inputSchema);
        }

        private static TransformerChain<AnoOnlyTransformer> LoadTyped(ModelOperationsCatalog catalog, Stream stream, string source, string? path,
            out DataViewSchema inputSchema)
        {
            ITransformer model = Read(catalog, stream, source, path, out inputSchema);
            try
            {
                return TypedModel.Rebuild(model, inputSchema);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Failure($"{source} is not a usable AnoOnly model: {Innermost(e).Message}", path, e);
            }
        }

        /// <summary>ML.NET's <c>Model.Load</c>, after the zip's declared size was checked, with its failures as one exception.</summary>
        private static ITransformer Read(ModelOperationsCatalog catalog, Stream stream, string source, string? path, out DataViewSchema inputSchema)
        {
            if (stream.CanSeek && stream.Length - stream.Position == 0)
                throw Failure($"{source} is empty.", path, null);
            ZipExpansionGuard.Check(stream, source, path);
            try
            {
                return catalog.Load(stream, out inputSchema);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Failure(
                    $"{source} cannot be read as an ML.NET model: {Innermost(e).Message} It is truncated, corrupted, " +
                    "not a model saved with mlContext.Model.Save, or needs an assembly this application does not deploy.", path, e);
            }
        }

        private static string CheckPath(ModelOperationsCatalog catalog, string filePath)
        {
            ArgumentNullException.ThrowIfNull(catalog);
            if (string.IsNullOrEmpty(filePath))
                throw new ArgumentException("The model file path is empty.", nameof(filePath));
            string path = Path.GetFullPath(filePath);
            if (!File.Exists(path))
                throw new FileNotFoundException($"There is no model file at '{path}'.", path);
            return path;
        }

        private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read);

        /// <summary>The exception, naming the file when there is one.</summary>
        internal static AnoOnlyModelFormatException Failure(string message, string? path, Exception? inner)
            => path is null ? new AnoOnlyModelFormatException(message, inner) : new AnoOnlyModelFormatException(message, path, inner);

        private static string Describe(string path) => $"The model file '{path}'";

        /// <summary>The exception that says what went wrong, below ML.NET's and reflection's wrappers.</summary>
        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null && e is not AnoOnlyModelFormatException
                   && e is TargetInvocationException or InvalidOperationException or FormatException or AggregateException
                       or TypeInitializationException)
                e = e.InnerException;
            return e;
        }
    }
}
