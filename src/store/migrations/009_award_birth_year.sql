-- An individual recipient's year of birth (optional): with the name it tells namesakes apart for the
-- commemorative medal, given once per person.
ALTER TABLE award ADD COLUMN birth_year INTEGER;
