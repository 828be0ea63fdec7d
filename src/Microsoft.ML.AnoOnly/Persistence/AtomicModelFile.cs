using System;
using System.IO;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Saves a model by writing a temporary file next to the target and renaming it over the target:
    /// a rename within one folder is atomic (rename(2) on Unix, MoveFileEx with replace on Windows), so the
    /// target holds either the old model or the complete new one, never a mix.
    /// </summary>
    internal static class AtomicModelFile
    {
        public static void Save(ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string filePath,
            CancellationToken cancellation)
        {
            ArgumentNullException.ThrowIfNull(catalog);
            ArgumentNullException.ThrowIfNull(model);
            if (string.IsNullOrEmpty(filePath))
                throw new ArgumentException("The model file path is empty.", nameof(filePath));
            cancellation.ThrowIfCancellationRequested();

            string target = Path.GetFullPath(filePath);
            string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{filePath}' names no file.", nameof(filePath));
            if (Directory.Exists(target))
                throw new ArgumentException($"'{target}' is a folder; give the path of the model file.", nameof(filePath));
            string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Path.GetRandomFileName()}.tmp");
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
                {
                    using (var guarded = new CancellableWriteStream(file, cancellation))
                        catalog.Save(model, inputSchema, guarded);
                    cancellation.ThrowIfCancellationRequested();
                    // On disk before the rename: after a power loss the target is the old file or the whole new one.
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, target, overwrite: true);
            }
            catch (Exception e)
            {
                TryDelete(temporary);
                // ML.NET may wrap the cancellation raised inside its writer; the caller should see a plain one.
                if (cancellation.IsCancellationRequested && e is not OperationCanceledException)
                    throw new OperationCanceledException("Saving the model was cancelled; the previous file is unchanged.", e, cancellation);
                throw;
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: the temporary name is unique and hidden, and the target is untouched either way.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
