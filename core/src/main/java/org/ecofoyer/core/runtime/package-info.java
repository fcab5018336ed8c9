/**
 * Process plumbing every module needs and that depends on nothing: {@link org.ecofoyer.core.runtime.NamedThreads}, the
 * one factory of dedicated threads. Kept apart from the model ({@code org.ecofoyer.core}); here, in the bottom module,
 * because the drivers' serial reader needs it and the drivers depend on {@code core} only.
 */
package org.ecofoyer.core.runtime;
