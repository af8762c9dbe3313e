"""Compare the community-welfare plans (地域福祉計画) of Sendai, Sagamihara and Hatsukaichi."""
