using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// ML.NET exposes a catalog's <see cref="IHostEnvironment"/> only through its internal
    /// <c>IInternalCatalog</c> interface. The environment is what ties the trainer to the user's
    /// <see cref="MLContext"/>: its log (<c>MLContext.Log</c>) and its seeded random source.
    /// </summary>
    internal static class HostEnvironmentAccess
    {
        public static IHostEnvironment FromCatalog(object catalog)
        {
            ArgumentNullException.ThrowIfNull(catalog);
            Type? internalCatalog = catalog.GetType().GetInterfaces().FirstOrDefault(i => i.Name == "IInternalCatalog");
            PropertyInfo? environment = internalCatalog?.GetProperty("Environment");
            return environment?.GetValue(catalog) as IHostEnvironment
                ?? throw new InvalidOperationException(
                    "This version of ML.NET does not expose its catalog environment as Microsoft.ML.AnoOnly expects " +
                    "(built against Microsoft.ML 5.0.1).");
        }
    }
}
