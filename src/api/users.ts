import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson } from './client.ts';
import type { Profile, ProfileUpdate } from './types.ts';

export const fetchProfile = (signal?: AbortSignal) => apiJson<Profile>('/v0/me', { signal });

export const updateProfile = (update: ProfileUpdate) => apiJson<Profile>('/v0/me', { method: 'PUT', body: update });

export const userKeys = {
  all: ['users'] as const,
  me: ['users', 'me'] as const,
};

export const profileQuery = () =>
  queryOptions({ queryKey: userKeys.me, queryFn: ({ signal }) => fetchProfile(signal) });

export function useProfile() {
  return useQuery(profileQuery());
}

/** Saves the profile; the answer replaces the cached one. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (profile) => queryClient.setQueryData(userKeys.me, profile),
  });
}
