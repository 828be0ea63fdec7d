using System;
using System.IO;
using System.Reflection;

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
        public static ITransformer Load(ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
        {
            if (catalog is null)
                throw new ArgumentNullException(nameof(catalog));
            if (string.IsNullOrEmpty(filePath))
                throw new ArgumentException("The model file path is empty.", nameof(filePath));
            string path = Path.GetFullPath(filePath);
            if (!File.Exists(path))
                throw new FileNotFoundException($"There is no model file at '{path}'.", path);

            ITransformer model;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                if (stream.Length == 0)
                    throw new AnoOnlyModelFormatException($"The model file '{path}' is empty.", path, null);
                try
                {
                    model = catalog.Load(stream, out inputSchema);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new AnoOnlyModelFormatException(
                        $"The model file '{path}' cannot be read as an ML.NET model: {Innermost(e).Message} It is truncated, corrupted, " +
                        "not a model saved with mlContext.Model.Save, or needs an assembly this application does not deploy.", path, e);
                }
            }

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
